using OrleansPersonalization.Api.Http;

namespace OrleansPersonalization.Api.AdminConsole;

/// <summary>
/// Cross-site request forgery defence in depth, beside the SameSite=Strict cookie: every request of the
/// console that changes something must carry <see cref="Name"/>. A form or link on another site cannot
/// set a header, and a script there cannot either without a CORS preflight this API never grants.
/// </summary>
public sealed class ConsoleRequestHeader : IEndpointFilter
{
    public const string Name = "X-Console-Request";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && request.Headers[Name] != "1")
        {
            return ValueTask.FromResult<object?>(Problems.Forbidden($"A console request that changes something carries the header {Name}: 1."));
        }

        return next(context);
    }
}
