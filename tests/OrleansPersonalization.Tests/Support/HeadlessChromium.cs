using Microsoft.Playwright;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright (its own browser download does not work here:
/// <c>./test.sh</c> installs the <c>chromium</c> package). One browser for the browser tests'
/// collection; each test opens its own context, so cookies and storage never leak between tests.
/// </summary>
public sealed class HeadlessChromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>The browser tests share one browser and run one at a time: each drives a whole API process on two cores.</summary>
    public const string Collection = "headless-chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where tests leave screenshots of the pages they drove, for a person to look at.</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("OP_SCREENSHOTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium package (./test.sh does) to run the browser tests.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,

            // Root needs --no-sandbox; the rest keep Chromium from calling out of a machine with no internet.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true, ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(HeadlessChromium.Collection)]
public sealed class HeadlessChromiumTests : ICollectionFixture<HeadlessChromium>;
