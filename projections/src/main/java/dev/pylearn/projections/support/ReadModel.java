package dev.pylearn.projections.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what a projection owns: the tables its handlers write (by unqualified name, so that a
 * rebuild can build a new version of them in another schema and switch it in) and the caches that
 * hold reads of them. Operations (replay, blue-green rebuild) read it; handlers must name these
 * tables without a schema.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ReadModel {

    /** The tables of the read model, unqualified. */
    String[] tables();

    /** Cache names (see CacheEvictions) whose entries are built from these tables. */
    String[] caches() default {};
}
