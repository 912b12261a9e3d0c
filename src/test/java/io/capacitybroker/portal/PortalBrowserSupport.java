package io.capacitybroker.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.testsupport.BrokerTest;
import io.capacitybroker.testsupport.HeadlessBrowser;
import io.capacitybroker.testsupport.KeycloakTokens;
import io.capacitybroker.testsupport.KeycloakTokens.Partner;
import io.capacitybroker.testsupport.KeycloakTokens.User;
import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the portal's browser tests share: a headless browser on the portal, the login on Keycloak's
 * page, going to a page, filling a field, the error page, and the API tokens of the demo users the
 * tests book with (acme's alice, gmi-magna's partner client).
 */
abstract class PortalBrowserSupport extends BrokerTest {
    static final String PARTNER = Partner.GMI_MAGNA.partnerId;
    static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/portal")
    URI portal;

    HeadlessBrowser browser;
    WebDriver page;
    WebDriverWait waiting;

    void openBrowser() {
        browser = new HeadlessBrowser(1280, 900);
        page = browser.driver();
        // htmx swaps the body under a boosted click: an element found a moment ago may be replaced.
        waiting = new WebDriverWait(page, WAIT);
        waiting.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) browser.close();
    }

    void logIn(User user) {
        page.get(portal.toString());
        waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user.username);
        page.findElement(By.id("password")).sendKeys(user.password);
        page.findElement(By.id("kc-login")).click();
    }

    void go(String path) {
        page.get(portal.resolve(path).toString());
    }

    void replace(By field, String value) {
        WebElement input = waiting.until(ExpectedConditions.visibilityOfElementLocated(field));
        input.clear();
        input.sendKeys(value);
    }

    /**
     * Asserts that the page loaded is the portal's error page with this HTTP status (as the browser
     * received it, from the Navigation Timing entry) for the signed-in user, with a way home; returns
     * the message.
     */
    String problemPage(int status, String signedIn, String home) {
        WebElement problem = waiting.until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
        Object received = ((JavascriptExecutor) page).executeScript(
                "return performance.getEntriesByType('navigation')[0].responseStatus");
        assertThat(((Number) received).intValue()).as("the page's HTTP status").isEqualTo(status);
        assertThat(page.findElement(By.id("signed-in")).getText()).contains(signedIn).contains("Sign out");
        assertThat(page.findElement(By.id("problem-status")).getText()).isEqualTo("Error " + status);
        assertThat(page.findElement(By.id("problem-home")).getAttribute("href")).endsWith(home);
        assertThat(page.getPageSource()).doesNotContain("urn:capacity-broker:problem");
        return page.findElement(By.id("problem-detail")).getText();
    }

    @Override
    protected String partnerToken(String partnerId) {
        assertThat(partnerId).isEqualTo(PARTNER);
        return KeycloakTokens.partner(Partner.GMI_MAGNA);
    }

    @Override
    protected String tenantToken(String tenantId) {
        assertThat(tenantId).isEqualTo("acme");
        return KeycloakTokens.user(User.ALICE_ACME);
    }
}
