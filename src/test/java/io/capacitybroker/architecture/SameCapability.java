package io.capacitybroker.architecture;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** Every access to the class comes from the same capability (the package below io.capacitybroker). */
class SameCapability extends ArchCondition<JavaClass> {
    SameCapability() {
        super("only be accessed from their own capability");
    }

    @Override
    public void check(JavaClass target, ConditionEvents events) {
        String own = capability(target);
        for (JavaAccess<?> access : target.getAccessesToSelf()) {
            String from = capability(access.getOriginOwner());
            if (!own.equals(from)) {
                events.add(SimpleConditionEvent.violated(access, access.getDescription()));
            }
        }
    }

    private static String capability(JavaClass type) {
        String[] parts = type.getPackageName().split("\\.");
        return parts.length > 2 ? parts[2] : "";
    }
}
