package io.capacitybroker.stripe.standin;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the stand-in as its own process, for {@code src/main/scripts/run.sh}:
 *
 * <pre>
 *   java -cp TEST_CLASSPATH io.capacitybroker.stripe.standin.StripeStandInMain \
 *       [--port N] [--api-key sk_test_...] [--webhook-secret whsec_...] [--webhook-url URL] [--owner-pid PID]
 * </pre>
 *
 * Prints {@code STRIPE_API_BASE=}, {@code STRIPE_API_KEY=}, {@code STRIPE_WEBHOOK_SECRET=} on stdout
 * once it listens, then serves until it is terminated or the owner process ends.
 */
public final class StripeStandInMain {
    private StripeStandInMain() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: StripeStandInMain [--port N] [--api-key K] [--webhook-secret S] "
                        + "[--webhook-url URL] [--owner-pid PID]");
                System.exit(2);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        StripeStandIn standIn = StripeStandIn.start(
                options.getOrDefault("api-key", "sk_test_standin_" + StripeAccount.randomId(24)),
                options.getOrDefault("webhook-secret", "whsec_standin_" + StripeAccount.randomId(32)),
                Clock.systemUTC(), Integer.parseInt(options.getOrDefault("port", "0")));
        if (options.containsKey("webhook-url")) {
            standIn.setWebhookUrl(options.get("webhook-url"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            standIn.close();
            stopped.countDown();
        }, "stop-stripe-standin"));
        if (options.containsKey("owner-pid")) {
            // Ends with its owner (run.sh) even when the owner is killed without cleaning up.
            ProcessHandle.of(Long.parseLong(options.get("owner-pid")))
                    .ifPresentOrElse(owner -> owner.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
        }
        System.out.println("STRIPE_API_BASE=" + standIn.baseUrl());
        System.out.println("STRIPE_API_KEY=" + standIn.apiKey());
        System.out.println("STRIPE_WEBHOOK_SECRET=" + standIn.webhookSecret());
        System.out.flush();
        System.err.println("[stripe-standin] serving the Stripe API on " + standIn.baseUrl());
        stopped.await();
    }
}
