package io.capacitybroker.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.testsupport.KeycloakProfile;
import io.capacitybroker.testsupport.KeycloakTokens;
import io.capacitybroker.testsupport.KeycloakTokens.User;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The portal's login round trip and logout against the real Keycloak login page, the way a
 * browser does it: redirects followed by hand, cookies kept, the login form posted.
 */
@QuarkusTest
@TestProfile(KeycloakProfile.class)
class PortalLoginTest {
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    @TestHTTPResource("/portal")
    URI portal;

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new BrowserCookies())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void aTenantUserLogsInThroughKeycloakSeesWhoSheIsAndLogsOut() throws Exception {
        HttpResponse<String> toLogin = get(portal);
        assertThat(toLogin.statusCode()).isEqualTo(302);
        URI authorize = location(toLogin);
        assertThat(authorize.getPath()).endsWith("/realms/capacity-broker/protocol/openid-connect/auth");
        assertThat(authorize.getQuery()).contains("client_id=portal").contains("code_challenge_method=S256");

        HttpResponse<String> page = logIn(authorize, User.ALICE_ACME);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in as <strong>alice@acme</strong>").contains("tenant acme").contains("tenant");

        HttpResponse<String> signedOut = followToEnd(portal.resolve("/portal/logout"));
        assertThat(signedOut.body()).contains("Signed out");
        HttpResponse<String> again = get(portal);
        assertThat(again.statusCode()).as("after logout the portal asks for a login again").isEqualTo(302);
        assertThat(location(again).getPath()).endsWith("/protocol/openid-connect/auth");
    }

    /**
     * Errors on portal pages are pages in the portal's layout with the problem's status; an htmx
     * fragment request gets the message alone; the API keeps its problem details.
     */
    @Test
    void aPortalPageThatFailsAnswersAnHtmlPageWithTheStatusWhileTheApiAnswersAProblemDetail() throws Exception {
        logIn(location(get(portal)), User.BOB_GLOBEX);

        HttpResponse<String> missing = get(portal.resolve("/portal/tenant/reservations/rsv_nosuchone"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(missing.body()).contains("Signed in as <strong>bob@globex</strong>").contains("tenant globex")
                .contains("id=\"logout\"").contains("<h1>Not found</h1>").contains("reservation rsv_nosuchone not found")
                .contains("href=\"/portal/tenant\" id=\"problem-home\"");

        HttpResponse<String> otherRole = get(portal.resolve("/portal/finance"));
        assertThat(otherRole.statusCode()).isEqualTo(403);
        assertThat(otherRole.body()).contains("This page is not open to your login").contains("Signed in as <strong>bob@globex</strong>");

        HttpResponse<String> fragment = browser.send(HttpRequest.newBuilder(portal.resolve("/portal/tenant/invoices/inv_nosuchone"))
                .header("HX-Request", "true").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fragment.statusCode()).isEqualTo(404);
        assertThat(fragment.body()).contains("id=\"problem\"").contains("invoice inv_nosuchone not found").doesNotContain("<html");

        HttpResponse<String> boosted = browser.send(HttpRequest.newBuilder(portal.resolve("/portal/tenant/invoices/inv_nosuchone"))
                .header("HX-Request", "true").header("HX-Boosted", "true").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(boosted.statusCode()).isEqualTo(404);
        assertThat(boosted.body()).contains("<html").contains("Signed in as <strong>bob@globex</strong>");

        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(portal.resolve("/api/v1/reservations/rsv_nosuchone"))
                .header("Authorization", "Bearer " + KeycloakTokens.user(User.BOB_GLOBEX)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.body()).contains("\"type\":\"urn:capacity-broker:problem:not-found\"")
                .contains("\"instance\":\"/api/v1/reservations/rsv_nosuchone\"");
    }

    @Test
    void wrongCredentialsStayOnTheLoginPage() throws Exception {
        HttpResponse<String> loginPage = get(location(get(portal)));
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        assertThat(action.find()).isTrue();
        HttpResponse<String> refused = post(URI.create(action.group(1).replace("&amp;", "&")),
                "username=" + enc("alice@acme") + "&password=" + enc("wrong"));
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.body()).contains("kc-form-login");
    }

    /** Keycloak's login form at {@code authorize} filled in and posted; the portal page it ends on. */
    private HttpResponse<String> logIn(URI authorize, User user) throws Exception {
        HttpResponse<String> loginPage = get(authorize);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        assertThat(action.find()).as("Keycloak's login form").isTrue();
        HttpResponse<String> afterLogin = post(URI.create(action.group(1).replace("&amp;", "&")),
                "username=" + enc(user.username) + "&password=" + enc(user.password));
        assertThat(afterLogin.statusCode()).isEqualTo(302);
        return followToEnd(location(afterLogin));
    }

    private HttpResponse<String> followToEnd(URI start) throws Exception {
        HttpResponse<String> response = get(start);
        for (int hops = 0; response.statusCode() / 100 == 3 && hops < 10; hops++) {
            response = get(location(response));
        }
        return response;
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String form) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("no Location header on " + response.statusCode() + " from " + response.uri()));
        return response.uri().resolve(location);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
