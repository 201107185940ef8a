package dev.pylearn.command.tutor;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Tutor questions a day by plan ({@code pylearn.tutor.daily-limit.free} and {@code .premium}). */
@Component
public class TutorLimits {

    private final int free;
    private final int premium;

    public TutorLimits(@Value("${pylearn.tutor.daily-limit.free:10}") int free,
                       @Value("${pylearn.tutor.daily-limit.premium:100}") int premium) {
        if (free < 0 || premium < 0) {
            throw new IllegalArgumentException("Tutor daily limits cannot be negative");
        }
        this.free = free;
        this.premium = premium;
    }

    public int dailyLimit(boolean isPremium) {
        return isPremium ? premium : free;
    }
}
