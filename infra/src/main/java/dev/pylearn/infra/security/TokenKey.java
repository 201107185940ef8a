package dev.pylearn.infra.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The HMAC key that signs bearer tokens. A configured {@code PYLEARN_TOKEN_SECRET} wins; otherwise
 * the first node generates one and stores it in {@code platform_secret}, so every node and every
 * restart verifies the same tokens.
 */
final class TokenKey {

    private static final String NAME = "token-signing-key";

    private TokenKey() {
    }

    static SecretKey resolve(String configured, JdbcClient jdbc) {
        if (configured != null && !configured.isBlank()) {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalStateException("PYLEARN_TOKEN_SECRET must be at least 32 bytes long");
            }
            return new SecretKeySpec(bytes, "HmacSHA256");
        }
        byte[] generated = new byte[32];
        new SecureRandom().nextBytes(generated);
        jdbc.sql("INSERT INTO platform_secret (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                .params(NAME, Base64.getEncoder().encodeToString(generated))
                .update();
        String stored = jdbc.sql("SELECT value FROM platform_secret WHERE name = ?").param(NAME).query(String.class)
                .single();
        return new SecretKeySpec(Base64.getDecoder().decode(stored), "HmacSHA256");
    }
}
