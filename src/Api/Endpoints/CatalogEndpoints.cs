using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Grains;

namespace OrleansPersonalization.Api.Endpoints;

public static class CatalogEndpoints
{
    public static void MapCatalogAdminEndpoints(this RouteGroupBuilder items)
    {
        items.MapPut("/{itemId}", PutItem);
        items.MapDelete("/{itemId}", DeleteItem);
    }

    private static async Task<IResult> PutItem(string itemId, HttpContext http, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!CatalogRules.IsValidItemId(itemId))
        {
            return InvalidItemId();
        }

        var body = await JsonBody.ReadAsync<ItemRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var request = body.Value!;
        var errors = new Dictionary<string, string[]>();
        if (!CatalogRules.IsValidLabel(request.Category))
        {
            errors["category"] = ["Required: 1 to 64 characters of lower-case letters, digits and '-'."];
        }

        var tags = request.Tags ?? [];
        if (tags.Count > CatalogRules.MaxTags || tags.Any(t => !CatalogRules.IsValidLabel(t)) || tags.Distinct(StringComparer.Ordinal).Count() != tags.Count)
        {
            errors["tags"] = [$"At most {CatalogRules.MaxTags} distinct tags of lower-case letters, digits and '-'."];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var item = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key)
            .Upsert(new CatalogItem(itemId, request.Category!, [.. tags], request.Available ?? true), ActorRole.Of(http));
        await ReadBackAsync(http, grains);
        return TypedResults.Ok(new ItemResponse(item.ItemId, item.Category, item.Tags, item.Available));
    }

    private static async Task<IResult> DeleteItem(string itemId, HttpContext http, IGrainFactory grains)
    {
        if (!CatalogRules.IsValidItemId(itemId))
        {
            return InvalidItemId();
        }

        await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).Remove(itemId, ActorRole.Of(http));
        await ReadBackAsync(http, grains);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Where this host is a silo too, its copy of the catalog holds the change before the response
    /// goes out, so the client's next request sees it; other silos' copies follow within milliseconds.
    /// </summary>
    private static async Task ReadBackAsync(HttpContext http, IGrainFactory grains)
    {
        if (http.RequestServices.GetService<CatalogSnapshotCache>() is { } copy)
        {
            var version = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetVersion();
            await copy.WaitForVersionAsync(version, TimeSpan.FromSeconds(2));
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem InvalidItemId() =>
        Problems.Invalid("itemId", "Must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'.");
}
