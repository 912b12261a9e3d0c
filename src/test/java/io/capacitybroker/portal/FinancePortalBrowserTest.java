package io.capacitybroker.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capacitybroker.platform.time.BillingPeriod;
import io.capacitybroker.testsupport.KeycloakStripeProfile;
import io.capacitybroker.testsupport.KeycloakTokens;
import io.capacitybroker.testsupport.KeycloakTokens.User;
import io.capacitybroker.testsupport.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The billing pages in a real browser (Debian's headless Chromium) through the real Keycloak login,
 * with the Stripe stand-in behind the billing run: finance closes a month (the progress page
 * follows the run by itself), sees the invoices, payouts and the reconciliation with its mismatch,
 * and downloads the reconciliation and the journal as CSV files; the tenant then finds its invoice
 * and downloads its copy, the partner's person its statement. Screenshots in
 * {@code target/portal-screenshots/} (2x: finance, 3x: tenant and partner).
 *
 * <p>The month of business is the test clock's own month (2030-03), in this profile's fresh
 * database: one booking of gmi-magna's offer in Malaysia by acme, without the site's confirmation,
 * closed once the clock has moved into April.
 */
@QuarkusTest
@TestProfile(KeycloakStripeProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FinancePortalBrowserTest extends PortalBrowserSupport {
    private static final String COUNTRY = "MY";
    private static final String MODEL = "L40S-48GB";
    private static final BillingPeriod PERIOD = BillingPeriod.containing(TestClock.START);
    private static final Instant AFTER_THE_MONTH = PERIOD.end().plus(Duration.ofDays(1)).plus(Duration.ofHours(9));
    private static final Path DOWNLOADS = Path.of("target", "portal-downloads");
    private static final String RECONCILIATION_HEADER = "period,kind,currency,expected,actual,tenant_id,partner_id,"
            + "reservation_id,allocation_id,usage_record_id,invoice_id,invoice_line_id,statement_id,payout_id,stripe_id,detail";
    private static final String JOURNAL_HEADER = "entry_id,period,posted_at,kind,document_id,currency,line_no,account,party,"
            + "debit,credit,description";

    /** The month's one reservation: booked once per run of this class (the profile's database lives as long). */
    private static String reservationId;

    @BeforeEach
    void aMonthOfBusinessThatHasEnded() {
        if (reservationId == null) {
            publish(PARTNER, "billing-kul", COUNTRY, "MY", "l40s-billing", offer(1, MODEL, 32, "USD", "1.10", false));
            reservationId = bookChoice("acme", quoteAt("acme", request(MODEL, 4, 6, COUNTRY), PARTNER))
                    .then().statusCode(201).extract().path("id");
            given().auth().oauth2(KeycloakTokens.user(User.ADAM_ADMIN)).contentType(ContentType.JSON)
                    .body(Map.of("stripeAccountId", "acct_portalbilling1")).put("/api/v1/partners/{p}/payout-account", PARTNER)
                    .then().statusCode(200);
        }
        clock.set(AFTER_THE_MONTH);
    }

    @Test
    @Order(1)
    void financeClosesTheMonthFollowsTheRunAndDownloadsTheReconciliation() throws IOException {
        openBrowser();
        logIn(User.FIONA_FINANCE);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "Capacity Broker finance"));
        assertThat(page.getCurrentUrl()).endsWith("/portal/finance");
        assertThat(page.findElement(By.id("period")).getAttribute("value")).as("the month that ended last").isEqualTo(PERIOD.toString());
        browser.fullPageScreenshot("21-finance-home");

        replace(By.id("period"), "2030-04");
        page.findElement(By.id("close-period")).click();
        WebElement refused = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("period-error")));
        assertThat(refused.getText()).contains("has not ended yet");
        assertThat(page.findElement(By.id("period")).getAttribute("aria-invalid")).isEqualTo("true");
        browser.fullPageScreenshot("22-finance-close-refused");

        replace(By.id("period"), PERIOD.toString());
        page.findElement(By.id("close-period")).click();
        waiting.until(ExpectedConditions.urlContains("/portal/finance/billing-runs/" + PERIOD));
        // The page polls the run's progress by itself: no reload here.
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "completed"));
        assertThat(page.findElement(By.id("run-progress")).getText()).contains("Invoices at Stripe").contains("1 of 1");
        browser.fullPageScreenshot("23-finance-run-completed");

        page.findElement(By.linkText("Invoices of " + PERIOD)).click();
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("invoices")));
        assertThat(page.findElement(By.id("invoices")).getText()).contains("acme").contains("issued").contains("26.40 USD");
        browser.fullPageScreenshot("24-finance-invoices");

        go("/portal/finance/payouts?period=" + PERIOD);
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("payouts")));
        assertThat(page.findElement(By.id("payouts")).getText()).contains(PARTNER).contains("paid").contains("23.76 USD");
        browser.fullPageScreenshot("25-finance-payouts");

        page.findElement(By.linkText("Reconciliation")).click();
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("reconcile")));
        replace(By.id("period"), "2030-3");
        page.findElement(By.id("reconcile")).click();
        assertThat(waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("period-error"))).getText()).contains("YYYY-MM");

        replace(By.id("period"), PERIOD.toString());
        page.findElement(By.id("reconcile")).click();
        WebElement mismatches = waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("mismatches")));
        assertThat(mismatches.getText()).as("the invoice is issued, Stripe has not reported it paid").contains("UNPAID");
        browser.fullPageScreenshot("26-finance-reconciliation");

        page.findElement(By.id("kind-UNPAID")).click();
        waiting.until(ExpectedConditions.attributeToBe(By.id("kind-UNPAID"), "aria-current", "true"));
        assertThat(page.findElements(By.cssSelector("#mismatches tbody tr"))).allSatisfy(row -> assertThat(row.getText()).contains("UNPAID"));
        browser.fullPageScreenshot("27-finance-reconciliation-unpaid");

        Path into = Files.createTempDirectory(Files.createDirectories(DOWNLOADS), "finance-");
        browser.downloadInto(into);
        page.findElement(By.id("download-reconciliation")).click();
        List<String> reconciliation = downloaded(into.resolve("reconciliation-" + PERIOD + ".csv"));
        assertThat(reconciliation.get(0)).isEqualTo(RECONCILIATION_HEADER);
        assertThat(reconciliation).anySatisfy(row -> assertThat(row).startsWith(PERIOD + ",UNPAID,USD,26.40,").contains(",acme,"));
        page.findElement(By.id("download-journal")).click();
        List<String> journal = downloaded(into.resolve("journal-" + PERIOD + ".csv"));
        assertThat(journal.get(0)).isEqualTo(JOURNAL_HEADER);
        assertThat(journal).anySatisfy(row -> assertThat(row).contains(",INVOICE_ISSUED,").contains(",tenant-receivable,acme,26.40,"));

        page.manage().window().setSize(new Dimension(390, 844));
        go("/portal/finance/billing-runs/" + PERIOD);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("run-status"), "completed"));
        browser.fullPageScreenshot("28-finance-run-phone");
        go("/portal/finance/reconciliation?period=" + PERIOD);
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("mismatches")));
        browser.fullPageScreenshot("29-finance-reconciliation-phone");
    }

    @Test
    @Order(2)
    void theTenantFindsItsInvoiceAndThePartnerItsStatement() throws IOException {
        given().auth().oauth2(KeycloakTokens.user(User.FIONA_FINANCE)).contentType(ContentType.JSON)
                .body(Map.of("period", PERIOD.toString())).post("/api/v1/billing-runs").then().statusCode(200);

        openBrowser();
        logIn(User.ALICE_ACME);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "tenant acme"));
        page.findElement(By.linkText("Invoices")).click();
        WebElement invoices = waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("invoices")));
        assertThat(invoices.getText()).contains(PERIOD.toString()).contains("26.40 USD");
        browser.fullPageScreenshot("31-tenant-invoices");

        invoices.findElement(By.cssSelector("tbody a")).click();
        WebElement lines = waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("invoice-lines")));
        assertThat(lines.getText()).contains(reservationId).contains("reserved").contains("26.40 USD");
        browser.fullPageScreenshot("32-tenant-invoice");
        String invoiceId = page.getCurrentUrl().substring(page.getCurrentUrl().lastIndexOf('/') + 1);

        Path into = Files.createTempDirectory(Files.createDirectories(DOWNLOADS), "tenant-");
        browser.downloadInto(into);
        page.findElement(By.id("download-invoice")).click();
        List<String> copy = downloaded(into.resolve(invoiceId + ".csv"));
        assertThat(copy.get(0)).startsWith("invoice_id,period,tenant_id,currency,status,");
        assertThat(copy).hasSize(2);
        assertThat(copy.get(1)).startsWith(invoiceId + "," + PERIOD + ",acme,USD,ISSUED,").contains("," + reservationId + ",RESERVED,");

        go("/portal/tenant/invoices/" + invoiceId + "x");
        assertThat(problemPage(404, "alice@acme", "/portal/tenant")).isEqualTo("invoice " + invoiceId + "x not found");
        browser.fullPageScreenshot("34-tenant-invoice-not-found");
        browser.close();

        openBrowser();
        logIn(User.PAT_GMI_MAGNA);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "partner gmi-magna"));
        page.findElement(By.linkText("Statements")).click();
        WebElement statements = waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("statements")));
        // 26.40 gross, 10 % commission 2.64, net 23.76 paid out through Connect.
        assertThat(statements.getText()).contains(PERIOD.toString()).contains("26.40 USD").contains("2.64 USD")
                .contains("23.76 USD").contains("paid");
        browser.fullPageScreenshot("33-partner-statements");
    }

    /** The lines of a file the browser saves, once it is complete (Chromium writes a .crdownload first). */
    private static List<String> downloaded(Path file) throws IOException {
        await().atMost(WAIT).until(() -> Files.exists(file));
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }
}
