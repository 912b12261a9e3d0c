package io.capacitybroker.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.capacitybroker.testsupport.KeycloakProfile;
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

        HttpResponse<String> loginPage = get(authorize);
        assertThat(loginPage.statusCode()).isEqualTo(200);
        Matcher action = FORM_ACTION.matcher(loginPage.body());
        assertThat(action.find()).as("Keycloak's login form").isTrue();

        HttpResponse<String> afterLogin = post(URI.create(action.group(1).replace("&amp;", "&")),
                "username=" + enc("alice@acme") + "&password=" + enc("demo-alice"));
        assertThat(afterLogin.statusCode()).isEqualTo(302);
        HttpResponse<String> page = followToEnd(location(afterLogin));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in as <strong>alice@acme</strong>").contains("tenant acme").contains("tenant");

        HttpResponse<String> signedOut = followToEnd(portal.resolve("/portal/logout"));
        assertThat(signedOut.body()).contains("Signed out");
        HttpResponse<String> again = get(portal);
        assertThat(again.statusCode()).as("after logout the portal asks for a login again").isEqualTo(302);
        assertThat(location(again).getPath()).endsWith("/protocol/openid-connect/auth");
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
