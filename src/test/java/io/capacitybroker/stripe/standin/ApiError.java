package io.capacitybroker.stripe.standin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error in Stripe's shape: {@code {"error": {"type", "code", "message", "param"}}} with the
 * HTTP status Stripe uses for it. Thrown while a request is validated: such a request never
 * started executing, so (as at Stripe) no idempotent result is saved for it.
 */
final class ApiError extends RuntimeException {
    final int status;
    final String type;
    final String code;
    final String param;

    ApiError(int status, String type, String code, String message, String param) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static ApiError invalid(String code, String message, String param) {
        return new ApiError(400, "invalid_request_error", code, message, param);
    }

    static ApiError missing(String param) {
        return invalid("parameter_missing", "Missing required param: " + param + ".", param);
    }

    static ApiError noSuch(String what, String id, String param) {
        return new ApiError(param == null ? 404 : 400, "invalid_request_error", "resource_missing",
                "No such " + what + ": '" + id + "'", param);
    }

    ObjectNode body() {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("type", type);
        if (code != null) error.put("code", code);
        error.put("message", getMessage());
        if (param != null) error.put("param", param);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("error", error);
        return body;
    }
}
