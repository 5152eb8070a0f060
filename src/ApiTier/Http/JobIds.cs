namespace OrleansPersonalization.Api.Http;

/// <summary>Job ids are server-made (a GUID's 32 lower-case hex digits): anything else is refused before any grain is called.</summary>
public static class JobIds
{
    public const string Rule = "A job id is 32 lower-case hex digits, as returned when the job started.";

    public static bool IsValid(string? jobId) => jobId is { Length: 32 } && jobId.All(char.IsAsciiHexDigitLower);
}
