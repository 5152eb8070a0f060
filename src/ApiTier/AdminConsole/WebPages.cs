using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace OrleansPersonalization.Api.AdminConsole;

/// <summary>
/// The console's and the privacy centre's pages, embedded in the assembly: wherever the API runs from
/// (a published folder, a test's output, <c>dotnet run</c>) it serves exactly the pages it was built
/// with. Pages get a strict Content-Security-Policy: their own scripts and styles only, no inline code,
/// talking to this origin only.
/// </summary>
public static class WebPages
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static WebApplication UseWebPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new ManifestEmbeddedFileProvider(typeof(WebPages).Assembly, "Web");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RedirectToAppendTrailingSlash = true });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;

                // The embed script is loaded by the applications' own pages, from their origins.
                if (context.File.Name == "embed.js")
                {
                    headers["Cross-Origin-Resource-Policy"] = "cross-origin";
                }
            },
        });
        return app;
    }
}
