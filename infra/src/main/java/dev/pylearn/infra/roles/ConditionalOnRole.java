package dev.pylearn.infra.roles;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The bean or configuration is there only on a node that runs one of the given roles
 * ({@code present = true}, the default), or only on one that runs none of them ({@code present = false}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(ConditionalOnRole.OnRole.class)
public @interface ConditionalOnRole {

    Roles.Role[] value();

    boolean present() default true;

    class OnRole implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnRole.class.getName());
            Roles roles = Roles.from(context.getEnvironment());
            boolean any = Arrays.stream((Roles.Role[]) attributes.get("value")).anyMatch(roles::has);
            return any == (Boolean) attributes.get("present");
        }
    }
}
