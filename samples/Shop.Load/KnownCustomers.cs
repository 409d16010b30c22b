using System.Globalization;

namespace Shop.Load;

/// <summary>
/// The customers the load has written and their final emails, shared by the old and the new version
/// through a file, so each can check what it reads of the other's writes.
/// </summary>
public static class KnownCustomers
{
    private static readonly Lock Gate = new();

    public static async Task AppendAsync(string path, int id, string email)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"{id},{email}{Environment.NewLine}");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await File.AppendAllTextAsync(path, line);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(5);
            }
        }
    }

    public static (int Id, string Email)? Pick(string path)
    {
        lock (Gate)
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (IOException)
            {
                return null;
            }

            var complete = lines.Where(l => l.Contains('@', StringComparison.Ordinal) && l.EndsWith(".example", StringComparison.Ordinal)).ToArray();
            if (complete.Length == 0)
            {
                return null;
            }

            var parts = complete[Random.Shared.Next(complete.Length)].Split(',', 2);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), parts[1]);
        }
    }
}
