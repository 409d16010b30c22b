namespace Shop.Load;

/// <summary>What one app version does per request, against its own model.</summary>
/// <param name="Version">"old" or "new".</param>
/// <param name="CreateCustomer">Inserts a customer with a name and email; returns its id.</param>
/// <param name="ChangeEmail">Sets a customer's email.</param>
/// <param name="ReadEmail">Reads a customer's email (null when it has none).</param>
public sealed record ShopApi(
    string Version,
    Func<string, string, CancellationToken, Task<int>> CreateCustomer,
    Func<int, string, CancellationToken, Task> ChangeEmail,
    Func<int, CancellationToken, Task<string?>> ReadEmail);
