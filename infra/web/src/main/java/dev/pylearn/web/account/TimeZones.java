package dev.pylearn.web.account;

import java.time.ZoneId;
import java.util.List;

/**
 * The time zones a learner may pick: region ids only (the API refuses fixed offsets, whose days
 * would drift with daylight saving), sorted, computed once.
 */
public final class TimeZones {

    public static final List<String> ALL = ZoneId.getAvailableZoneIds().stream()
            .filter(id -> id.contains("/") && !id.startsWith("Etc/") && !id.startsWith("SystemV/"))
            .sorted().collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                    list -> {
                        list.add(0, "UTC");
                        return List.copyOf(list);
                    }));

    private TimeZones() {
    }
}
