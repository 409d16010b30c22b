using System.Runtime.InteropServices;

namespace EfSafeMigrations.Tool.Hosting;

/// <summary>libc's <c>kill</c>, to pass a stop request on to the runner host on Linux and macOS.</summary>
internal static class NativeMethods
{
    private const int SigTerm = 15;

    /// <summary>
    /// Sends SIGTERM to <paramref name="processId"/>; false when it could not be sent (or on Windows). The runner host
    /// treats SIGTERM as it treats Ctrl+C (SIGINT): it stops after its current batch or step and reports its result.
    /// SIGTERM rather than SIGINT, because a process started in the background by a shell without job control (a CI
    /// script's <c>&amp;</c>, <c>nohup</c>) inherits SIGINT ignored, and so does the host this tool starts.
    /// </summary>
    public static bool RequestStop(int processId)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return Kill(processId, SigTerm) == 0;
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
