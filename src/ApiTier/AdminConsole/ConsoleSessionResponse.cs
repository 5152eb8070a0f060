namespace OrleansPersonalization.Api.AdminConsole;

/// <summary>Who the session is: the key's name and role (never the key).</summary>
public sealed record ConsoleSessionResponse(string Name, string Role);
