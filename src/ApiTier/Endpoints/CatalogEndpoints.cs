using OrleansPersonalization.Api.Documentation;
using OrleansPersonalization.Api.Contracts;
using OrleansPersonalization.Api.Http;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Api.Validation;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Api.Endpoints;

public static class CatalogEndpoints
{
    private const string Tag = "Catalog";

    public static void MapCatalogAdminEndpoints(this RouteGroupBuilder items)
    {
        items.MapPut("", PutItems)
            .WithTags(Tag).WithSummary("Upsert up to 10,000 items, all or nothing").Accepts<ItemBatchRequest>("application/json")
            .Produces<ItemBatchResponse>().ProducesValidationProblem();
        items.MapPut("/{itemId}", PutItem)
            .WithTags(Tag).WithSummary("Create or replace one item").Accepts<ItemRequest>("application/json")
            .Produces<ItemResponse>().ProducesValidationProblem();
        items.MapDelete("/{itemId}", DeleteItem)
            .WithTags(Tag).WithSummary("Take an item out of the catalog").Produces(StatusCodes.Status204NoContent).ProducesValidationProblem();
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
        if (ItemRules.Validate(itemId, request.Category, request.Tags, request.Available, "", errors) is not { } valid)
        {
            return Problems.Validation(errors);
        }

        var item = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).Upsert(valid, ActorRole.Of(http));
        await ReadBackAsync(http, grains);
        return TypedResults.Ok(new ItemResponse(item.ItemId, item.Category, item.Tags, item.Available));
    }

    /// <summary>An import: every item valid and named once, or nothing changes.</summary>
    private static async Task<IResult> PutItems(HttpContext http, IGrainFactory grains, CancellationToken cancellationToken)
    {
        const int MaxReported = 100;
        var body = await JsonBody.ReadAsync<ItemBatchRequest>(http.Request, cancellationToken);
        if (!body.IsValid)
        {
            return body.Problem!;
        }

        var requested = body.Value!.Items;
        if (requested is null || requested.Count == 0 || requested.Count > ItemBatchRequest.MaxItems)
        {
            return Problems.Invalid("items", $"Give 1 to {ItemBatchRequest.MaxItems} items.");
        }

        var errors = new Dictionary<string, string[]>();
        var items = new List<CatalogItem>(requested.Count);
        var named = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Count && errors.Count < MaxReported; i++)
        {
            var prefix = $"items[{i}].";
            if (requested[i] is not { } entry)
            {
                errors[$"items[{i}]"] = ["Must be an object."];
                continue;
            }

            if (ItemRules.Validate(entry.ItemId, entry.Category, entry.Tags, entry.Available, prefix, errors) is { } item)
            {
                if (named.Add(item.ItemId))
                {
                    items.Add(item);
                }
                else
                {
                    errors[prefix + "itemId"] = ["Names an item that appears earlier in the batch."];
                }
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).UpsertMany([.. items], ActorRole.Of(http));
        await ReadBackAsync(http, grains);
        return TypedResults.Ok(new ItemBatchResponse(items.Count));
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
        if (http.RequestServices.GetService<ILocalCatalogCopy>() is { } copy)
        {
            var version = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetVersion();
            await copy.WaitForVersionAsync(version, TimeSpan.FromSeconds(2));
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem InvalidItemId() =>
        Problems.Invalid("itemId", ItemRules.ItemIdRule);
}
