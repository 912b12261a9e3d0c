package io.capacitybroker.platform.vertx;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs reactive work that needs a Hibernate Reactive session from outside a request: at start-up,
 * in a database notification handler. Such work needs its own, safe, duplicated Vert.x context.
 */
public final class SafeContext {
    private SafeContext() {}

    public static <T> Uni<T> run(Vertx vertx, Supplier<Uni<T>> work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getDelegate().getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored ->
                work.get().subscribe().with(emitter::complete, emitter::fail)));
    }
}
