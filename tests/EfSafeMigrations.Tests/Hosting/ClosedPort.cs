using System.Net;
using System.Net.Sockets;

namespace EfSafeMigrations.Tests.Hosting;

/// <summary>Loopback ports nothing listens on, for a database that cannot be reached.</summary>
public static class ClosedPort
{
    /// <summary>A loopback port taken from the system, then released.</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
