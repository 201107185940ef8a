# Compiles the local sandbox's seccomp filter with libseccomp (Debian's python3-seccomp) and writes
# it as BPF to the file named by the first argument, for `bwrap --seccomp FD`. Prints the system
# calls it denies, one a line (names this architecture lacks are left out).
#
# Everything is allowed except what learner code never needs and what would let it leave or probe
# the sandbox: mounting, tracing other processes, kernel keyrings, BPF, perf, namespaces (unshare,
# setns, clone with a namespace flag), kernel modules and kexec, reboot, swap, chroot, personality,
# userfaultfd, io_uring, file handles (open_by_handle_at), raw I/O ports. clone3 answers ENOSYS:
# its flags sit in memory a filter cannot read, and ENOSYS makes the C library fall back to clone,
# whose flags it can. A call from another architecture's ABI (32-bit x86 on x86_64) kills the process.
import errno
import sys

import seccomp

DENIED = [
    # file systems and mounts
    "mount", "umount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick",
    "move_mount", "open_tree", "mount_setattr", "open_by_handle_at", "name_to_handle_at", "quotactl",
    "quotactl_fd", "swapon", "swapoff", "acct", "fanotify_init",
    # other processes
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp", "process_madvise",
    # namespaces
    "unshare", "setns",
    # the kernel: keys, BPF, perf, modules, kexec, reboot, logs, clocks
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "init_module", "finit_module",
    "delete_module", "create_module", "kexec_load", "kexec_file_load", "reboot", "syslog", "lookup_dcookie",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname", "setdomainname",
    # odd interfaces with a history of exploits
    "personality", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register", "uselib",
    "ustat", "sysfs", "_sysctl", "vhangup", "iopl", "ioperm", "modify_ldt", "nfsservctl", "vm86", "vm86old",
    "get_kernel_syms", "query_module",
]

NAMESPACE_FLAGS = {
    "CLONE_NEWNS": 0x00020000, "CLONE_NEWCGROUP": 0x02000000, "CLONE_NEWUTS": 0x04000000,
    "CLONE_NEWIPC": 0x08000000, "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000,
}


def main(path):
    bpf = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    denied = []
    for name in DENIED:
        # a negative number is libseccomp's placeholder for a call this architecture does not have
        if seccomp.resolve_syscall(seccomp.Arch.NATIVE, name) >= 0:
            bpf.add_rule(seccomp.ERRNO(errno.EPERM), name)
            denied.append(name)
    bpf.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    denied.append("clone3")
    for flag, value in NAMESPACE_FLAGS.items():
        bpf.add_rule(seccomp.ERRNO(errno.EPERM), "clone", seccomp.Arg(0, seccomp.MASKED_EQ, value, value))
        denied.append("clone(%s)" % flag)
    with open(path, "wb") as out:
        bpf.export_bpf(out)
    print("\n".join(denied))


main(sys.argv[1])
