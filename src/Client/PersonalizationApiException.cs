using System.Net;

namespace OrleansPersonalization.Client;

/// <summary>The API refused a request; <see cref="Problem"/> says why, as the API put it.</summary>
public sealed class PersonalizationApiException : Exception
{
    public PersonalizationApiException()
    {
    }

    public PersonalizationApiException(string message)
        : base(message)
    {
    }

    public PersonalizationApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PersonalizationApiException(HttpStatusCode status, ApiProblem? problem, string request)
        : base($"{request} answered {(int)status}: {problem?.Detail ?? problem?.Title ?? status.ToString()}")
    {
        StatusCode = status;
        Problem = problem;
    }

    public HttpStatusCode StatusCode { get; }

    public ApiProblem? Problem { get; }
}
