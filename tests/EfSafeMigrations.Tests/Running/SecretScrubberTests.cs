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

    [Fact]
    public void Leaves_the_host_database_and_user_names_readable_where_a_message_repeats_them()
    {
        const string Connection = "Host=orders;Database=orders;Username=orders_app;Password=Tr0ub4dor-3";

        Assert.Equal(
            "gate old-instances of orders: no app instance reports a heartbeat on orders as orders_app (password ***)",
            SecretScrubber.Scrub("gate old-instances of orders: no app instance reports a heartbeat on orders as orders_app (password Tr0ub4dor-3)", Connection));
    }

    [Fact]
    public void A_password_equal_to_the_user_name_is_masked_in_settings_but_not_where_it_is_the_name()
    {
        const string Connection = "Host=127.0.0.1;Database=shop;Username=app;Password=app";

        Assert.Equal("no app instance reports a heartbeat", SecretScrubber.Scrub("no app instance reports a heartbeat", Connection));
        Assert.Equal("Host=127.0.0.1;Username=app;Password=***", SecretScrubber.Scrub("Host=127.0.0.1;Username=app;Password=app", Connection));
    }
}
