using Microsoft.AspNetCore.Http.HttpResults;

namespace OrleansPersonalization.Api.Http;

/// <summary>
/// Every error the API returns, as RFC 9457 problem details. Details describe what is wrong with
/// the request and never repeat a submitted value, so a user id can't be echoed back.
/// </summary>
public static class Problems
{
    private const string TypeBase = "https://github.com/orleans-personalization/problems/";

    public static ValidationProblem Validation(Dictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.ValidationProblem(
            errors,
            detail ?? "The request has invalid fields; see 'errors'.",
            type: TypeBase + "validation",
            title: "The request is invalid.");

    public static ValidationProblem Invalid(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    public static ProblemHttpResult Unauthorized() => Problem(
        StatusCodes.Status401Unauthorized, "unauthorized", "Authentication required.",
        "Send a valid API key in the X-Api-Key header.");

    public static ProblemHttpResult Forbidden() => Problem(
        StatusCodes.Status403Forbidden, "forbidden", "The API key's role may not use this endpoint.",
        "Data-subject endpoints need an 'app' key; administration needs an 'admin' key.");

    public static ProblemHttpResult Forbidden(string detail) => Problem(
        StatusCodes.Status403Forbidden, "forbidden", "Forbidden.", detail);

    public static ProblemHttpResult SignInRequired() => Problem(
        StatusCodes.Status401Unauthorized, "unauthorized", "Sign-in required.",
        "Sign in to the console with an admin key (POST /admin/session); the session cookie then authenticates.");

    public static ProblemHttpResult TooLarge(int limit) => Problem(
        StatusCodes.Status413PayloadTooLarge, "too-large", "The request body is too large.",
        $"Request bodies may be at most {limit} bytes.");

    public static ProblemHttpResult UnsupportedMediaType() => Problem(
        StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The body must be JSON.",
        "Send the body as application/json in UTF-8.");

    public static ProblemHttpResult Conflict(string detail) => Problem(
        StatusCodes.Status409Conflict, "conflict", "Conflict.", detail);

    public static ProblemHttpResult NotFound(string detail) => Problem(
        StatusCodes.Status404NotFound, "not-found", "Not found.", detail);

    public static ProblemHttpResult ConsentRequired(string purpose) => Problem(
        StatusCodes.Status409Conflict, "consent-required", "Consent required.",
        $"The user has not granted '{purpose}'; grant it with PUT /v1/users/{{userId}}/consent first.");

    public static ProblemHttpResult StateUnreadable() => Problem(
        StatusCodes.Status409Conflict, "state-unreadable", "The user's stored data cannot be read.",
        "The stored data of this user is damaged or sealed under a master key that is no longer configured. "
        + "An operator can restore the key or a backup; DELETE /v1/users/{userId} erases it in any case.");

    public static ProblemHttpResult TooManyRequests(int retryAfterSeconds) => Problem(
        StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.",
        $"This API key has used its request budget; retry after {retryAfterSeconds} s (see Retry-After).");

    public static ProblemHttpResult Unavailable(string detail) => Problem(
        StatusCodes.Status503ServiceUnavailable, "unavailable", "Not ready.", detail);

    private static ProblemHttpResult Problem(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypeBase + type);
}
