package io.capacitybroker.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.capacitybroker.testsupport.KeycloakProfile;
import io.capacitybroker.testsupport.KeycloakTokens;
import io.capacitybroker.testsupport.KeycloakTokens.User;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The portal in a real browser (Debian's headless Chromium) against the running broker, logging
 * in through the real Keycloak login page: a tenant requests capacity, books the best option and
 * finds it under reservations; a partner's person accepts a pending reservation; a tenant of
 * another organisation does not see it. Each step leaves a screenshot in
 * {@code target/portal-screenshots/}.
 *
 * <p>The offers live in Malaysia (jurisdiction MY), which no other test of this profile uses, at a
 * site of gmi-magna whose demo user pat@gmi-magna is the partner in the portal.
 */
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class PortalBrowserTest extends PortalBrowserSupport {
    private static final String COUNTRY = "MY";
    private static final String SITE = "portal-kul";
    /** Registered, never heard from: the sites page must say so rather than fail. */
    private static final String NEW_SITE = "portal-kul-new";
    private static final String MODEL = "L40S-48GB";

    @BeforeEach
    void offersAndABrowser() {
        publish(PARTNER, SITE, COUNTRY, "MY", "l40s-confirm", offer(System.nanoTime(), MODEL, 64, "USD", "1.10", true));
        quoteAt("acme", request(MODEL, 8, 24, COUNTRY), PARTNER); // the market index has heard of it
        openBrowser();
    }

    @Test
    void aTenantRequestsCapacityBooksTheBestOptionOnceAndFindsItUnderReservations() {
        logIn(User.ALICE_ACME);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "tenant acme"));
        assertThat(page.getCurrentUrl()).endsWith("/portal/tenant");
        browser.fullPageScreenshot("01-tenant-overview");

        go("/portal/tenant/offers?country=" + COUNTRY);
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("offers")));
        assertThat(page.findElement(By.id("offers")).getText()).contains(MODEL).contains("Site in MY");
        browser.fullPageScreenshot("02-tenant-offers");

        go("/portal/tenant/quotes");
        fillQuoteForm("0");
        page.findElement(By.id("get-options")).click();
        WebElement countError = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("gpuCount-error")));
        assertThat(countError.getText()).contains("greater than or equal to 1");
        assertThat(page.findElement(By.id("gpuCount")).getAttribute("aria-invalid")).isEqualTo("true");
        browser.fullPageScreenshot("03-tenant-request-refused");

        fillQuoteForm("8");
        page.findElement(By.id("get-options")).click();
        WebElement best = waiting.until(ExpectedConditions.elementToBeClickable(By.id("book-1")));
        assertThat(page.findElement(By.id("options")).getText()).contains("Site in MY").contains("jurisdiction MY")
                .contains("the site confirms the booking");
        browser.fullPageScreenshot("04-tenant-options");
        assertThat(page.getCurrentUrl()).as("the options page has the request's URL").contains("/portal/tenant/quotes/options?");
        String quoteId = page.findElement(By.id("quote-id")).getText();

        new Actions(page).doubleClick(best).perform();
        waiting.until(ExpectedConditions.urlMatches(".*/portal/tenant/reservations/rsv_.*"));
        String reservationId = page.getCurrentUrl().substring(page.getCurrentUrl().lastIndexOf('/') + 1);
        WebElement status = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("reservation-status")));
        assertThat(status.getText()).isEqualTo("pending partner");
        assertThat(page.findElement(By.id("history")).getText()).contains("pending partner");
        browser.fullPageScreenshot("05-tenant-reservation");

        List<Map<String, Object>> booked = given().auth().oauth2(KeycloakTokens.user(User.ALICE_ACME))
                .get("/api/v1/reservations?size=100").then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(booked.stream().filter(r -> quoteId.equals(r.get("quoteId"))).map(r -> r.get("id")))
                .as("a double click books once").containsExactly(reservationId);

        page.findElement(By.linkText("Reservations")).click();
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.linkText(reservationId)));
        browser.fullPageScreenshot("06-tenant-reservations");
    }

    @Test
    void aRefusedBookingShowsWhyAboveFreshOptionsForTheSameRequest() {
        logIn(User.ALICE_ACME);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "tenant acme"));
        go("/portal/tenant/quotes");
        fillQuoteForm("4");
        page.findElement(By.id("get-options")).click();
        WebElement book = waiting.until(ExpectedConditions.elementToBeClickable(By.id("book-1")));
        String firstQuote = page.findElement(By.id("quote-id")).getText();

        clock.advance(Duration.ofMinutes(16)); // past the quote's 15 minutes
        asPartner(PARTNER).post("/api/v1/partners/{p}/sites/{s}/heartbeat", PARTNER, SITE).then().statusCode(200);
        book.click();

        WebElement refusal = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("booking-error")));
        assertThat(refusal.getText()).contains("Not booked").contains("quote " + firstQuote + " expired");
        assertThat(page.findElement(By.id("quote-id")).getText()).as("a new quote for the same request").isNotEqualTo(firstQuote);
        assertThat(page.findElement(By.id("options")).getText()).contains("Site in MY").contains("4 ×");
        browser.fullPageScreenshot("04b-tenant-booking-refused");

        // A week later the request's own start window has passed: the form comes back, with both reasons.
        clock.advance(Duration.ofDays(8));
        asPartner(PARTNER).post("/api/v1/partners/{p}/sites/{s}/heartbeat", PARTNER, SITE).then().statusCode(200);
        page.findElement(By.id("book-1")).click();
        WebElement windowError = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("latestStart-error")));
        assertThat(windowError.getText()).contains("lies in the past");
        assertThat(page.findElement(By.id("booking-error")).getText()).contains("Not booked").contains("expired");
        assertThat(page.findElement(By.id("gpuCount")).getAttribute("value")).as("the request is kept").isEqualTo("4");
        given().auth().oauth2(KeycloakTokens.user(User.ALICE_ACME)).get("/api/v1/reservations?size=100").then().statusCode(200)
                .body("items.quoteId", not(hasItem(firstQuote)));
    }

    @Test
    void aPartnerAcceptsAPendingReservationAtItsSite() {
        String reservationId = bookChoice("acme", quoteAt("acme", request(MODEL, 4, 12, COUNTRY), PARTNER))
                .then().statusCode(201).extract().path("id");
        asPartner(PARTNER).body(site(COUNTRY, "MY", List.of())).put("/api/v1/partners/{p}/sites/{s}", PARTNER, NEW_SITE)
                .then().statusCode(200);

        logIn(User.PAT_GMI_MAGNA);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "partner gmi-magna"));
        assertThat(page.getCurrentUrl()).endsWith("/portal/partner");
        assertThat(page.findElement(By.id("sites")).getText()).contains("Site in MY " + SITE)
                .contains("live").containsPattern(NEW_SITE + ".*stale never");
        browser.fullPageScreenshot("07-partner-sites");

        page.findElement(By.linkText("Offers")).click();
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("offers")));
        assertThat(page.findElement(By.id("offers")).getText()).contains("l40s-confirm");
        browser.fullPageScreenshot("08-partner-offers");

        page.findElement(By.linkText("Decisions")).click();
        WebElement accept = waiting.until(ExpectedConditions.elementToBeClickable(By.id("accept-" + reservationId)));
        browser.fullPageScreenshot("09-partner-decisions");
        page.findElement(By.id("reason-" + reservationId)).sendKeys("capacity set aside");
        accept.click();
        waiting.until(ExpectedConditions.invisibilityOfElementLocated(By.id("pending-" + reservationId)));
        assertThat(page.findElement(By.id("others")).getText()).contains(reservationId).contains("confirmed");
        browser.fullPageScreenshot("10-partner-accepted");

        given().auth().oauth2(KeycloakTokens.user(User.ALICE_ACME)).get("/api/v1/reservations/{id}", reservationId)
                .then().statusCode(200).body("status", equalTo("CONFIRMED"))
                .body("history[-1].reason", equalTo("capacity set aside"));
    }

    @Test
    void aTenantOfAnotherOrganisationDoesNotSeeTheReservation() {
        String reservationId = bookChoice("acme", quoteAt("acme", request(MODEL, 2, 6, COUNTRY), PARTNER))
                .then().statusCode(201).extract().path("id");

        logIn(User.BOB_GLOBEX);
        waiting.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signed-in"), "tenant globex"));
        go("/portal/tenant/reservations");
        waiting.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        assertThat(page.getPageSource()).doesNotContain(reservationId);
        browser.fullPageScreenshot("11-other-tenant-reservations");

        go("/portal/tenant/reservations/" + reservationId);
        assertThat(problemPage(404, "bob@globex", "/portal/tenant")).isEqualTo("reservation " + reservationId + " not found");
        assertThat(page.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(page.getPageSource()).doesNotContain("Site in MY");
        browser.fullPageScreenshot("12-other-tenant-reservation-not-found");

        go("/portal/finance");
        assertThat(problemPage(403, "bob@globex", "/portal/tenant")).contains("role does not allow");
        browser.fullPageScreenshot("13-tenant-on-a-finance-page");
        page.findElement(By.id("problem-home")).click();
        waiting.until(ExpectedConditions.urlMatches(".*/portal/tenant$"));
    }

    private void fillQuoteForm(String gpus) {
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("gpuModels-0")));
        new Select(page.findElement(By.id("gpuModels-0"))).selectByValue(MODEL);
        replace(By.id("gpuCount"), gpus);
        replace(By.id("countries"), COUNTRY);
    }
}
