using EfSafeMigrations.Running;

namespace EfSafeMigrations.Tests.Running;

public sealed class SecretScrubberTests
{
    [Theory]
    [InlineData("Expand applied by app", "Expand applied by ***")]
    [InlineData("password for 'app' failed", "password for '***' failed")]
    [InlineData("Host=db;Password=app;Username=x", "Host=db;Password=***;Username=x")]
    [InlineData("happy apps", "happy apps")]
    public void Masks_the_password_as_a_token_and_in_settings_but_not_inside_words(string text, string expected)
        => Assert.Equal(expected, SecretScrubber.Scrub(text, "Host=db;Username=x;Password=app"));

    [Fact]
    public void Masks_a_password_setting_even_when_the_secret_is_unknown()
        => Assert.Equal("Server=s;Pwd=***", SecretScrubber.Scrub("Server=s;Pwd=Tr0ub4dor&3", connectionString: null));

    [Fact]
    public void Masks_a_connection_strings_password()
        => Assert.Equal("Host=db;Password=***", SecretScrubber.MaskConnectionString("Host=db;Password=s3cret"));
}
