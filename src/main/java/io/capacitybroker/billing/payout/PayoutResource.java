package io.capacitybroker.billing.payout;

import io.capacitybroker.identity.Caller;
import io.capacitybroker.identity.Roles;
import io.capacitybroker.platform.error.ProblemException;
import io.capacitybroker.platform.time.BillingPeriod;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class PayoutResource {
    @Inject Payouts payouts;
    @Inject PayoutAccounts accounts;
    @Inject Caller caller;

    @Schema(name = "PayoutPage")
    public record PayoutPage(int page, int size, List<PayoutView> payouts) {}

    @Schema(name = "PayoutAccount")
    public record PayoutAccount(
            @NotNull @Pattern(regexp = "acct_[A-Za-z0-9]+")
            @Schema(description = "The partner's Stripe Connect account", examples = "acct_1Nv0FGQ9RKHgCVdK") String stripeAccountId) {}

    @GET
    @Path("/finance/payouts")
    @RolesAllowed(Roles.FINANCE)
    @Tag(name = "Finance")
    @Operation(operationId = "listPayouts", summary = "Payouts to partners, newest period first",
            description = "Optionally of one period or partner. PENDING: no transfer yet (see failure); PAID: the Stripe "
                    + "Connect transfer exists; FAILED: Stripe refused it (the next run of the period tries again); REVERSED.")
    public Uni<PayoutPage> listPayouts(
            @QueryParam("period") @Parameter(description = "A UTC calendar month, YYYY-MM",
                    schema = @Schema(type = SchemaType.STRING, pattern = BillingPeriod.PATTERN)) String period,
            @QueryParam("partnerId") String partnerId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        return payouts.list(period, partnerId, page, size).map(found -> new PayoutPage(page, size, found));
    }

    @PUT
    @Path("/partners/{partnerId}/payout-account")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Tag(name = "Administration")
    @Operation(operationId = "setPayoutAccount", summary = "Set the Stripe Connect account a partner is paid to",
            description = "Payouts of a partner without one wait as PENDING. Takes effect for transfers not made yet.")
    public Uni<PayoutAccount> setPayoutAccount(@PathParam("partnerId") String partnerId, @Valid @NotNull PayoutAccount body) {
        return accounts.set(partnerId, body.stripeAccountId(), caller.actor()).map(found -> {
            if (!found) throw ProblemException.notFound("partner " + partnerId);
            return body;
        });
    }
}
