using System.Reflection;
using EfSafeMigrations.Tests.Catalogue.Harness;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EfSafeMigrations.Tests.Catalogue;

/// <summary>
/// Every catalogue row with app writers running WHILE each phase's steps run, through the phase runner,
/// with every gap between two steps written through (see <see cref="PhasesUnderLoad"/>): the OLD version
/// during Expand, OLD and NEW during Backfill, the NEW version during Contract. Each writer inserts a
/// customer (and an order and a country where its model maps them), updates it, reads it back, and reads
/// the other version's last customer; not one statement may fail and not one read may be wrong.
/// </summary>
public sealed class WritersDuringPhasesTests
{
    internal static readonly Dictionary<string, (Action<ModelBuilder> Old, Action<ModelBuilder> New)> Rows = new()
    {
        ["create table"] = (m => Customers(m), m => { Customers(m); Orders(m, foreignKey: true); }),
        ["drop table"] = (m => { Customers(m); Orders(m, foreignKey: true); }, m => Customers(m)),
        ["rename table"] = (m => Customers(m), m => Customers(m, e => e.ToTable("Clients"))),
        ["add nullable column"] = (m => Customers(m, e => e.Ignore(c => c.Phone)), m => Customers(m)),
        ["add required column with a default"] = (m => Customers(m, e => e.Ignore(c => c.Code)), m => Customers(m)),
        ["add required column with a volatile default"] = (
            m => Customers(m),
            m => Customers(m, e => e.Property(c => c.Token).HasDefaultValueSql("gen_random_uuid()"), mapToken: true)),
        ["add required column computed from others"] = (
            m => Customers(m),
            m => Customers(m, e => e.Property(c => c.FullName).IsRequired().HasBackfillSql("\"Name\" || ' (' || \"Code\" || ')'"), mapFullName: true)),
        ["drop column"] = (m => Customers(m), m => Customers(m, e => e.Ignore(c => c.Code))),
        ["rename required column"] = (
            m => Customers(m, e => e.HasIndex(c => c.Name)),
            m => Customers(m, e => { e.HasIndex(c => c.Name); e.Property(c => c.Name).HasColumnName("DisplayName"); })),
        ["rename nullable column with a unique index"] = (
            m => Customers(m, e => e.HasIndex(c => c.Email).IsUnique()),
            m => Customers(m, e => { e.HasIndex(c => c.Email).IsUnique(); e.Property(c => c.Email).HasColumnName("EmailAddress"); })),
        ["metadata-only type change"] = (
            m => Customers(m, e => e.Property(c => c.Email).HasMaxLength(100)),
            m => Customers(m, e => e.Property(c => c.Email).HasMaxLength(200))),
        ["nullable to NOT NULL"] = (m => Customers(m), m => Customers(m, e => e.Property(c => c.Phone).IsRequired())),
        ["NOT NULL to nullable"] = (m => Customers(m), m => Customers(m, e => e.Property(c => c.Code).IsRequired(false))),
        ["default change"] = (
            m => Customers(m, e => e.Property(c => c.Age).HasDefaultValue(1)),
            m => Customers(m, e => e.Property(c => c.Age).HasDefaultValue(18))),
        ["create index"] = (m => Customers(m), m => Customers(m, e => e.HasIndex(c => c.Email))),
        ["create unique index"] = (m => Customers(m), m => Customers(m, e => e.HasIndex(c => c.Email).IsUnique())),
        ["drop index"] = (m => Customers(m, e => e.HasIndex(c => c.Email)), m => Customers(m)),
        ["add foreign key"] = (m => { Customers(m); Orders(m, foreignKey: false); }, m => { Customers(m); Orders(m, foreignKey: true); }),
        ["add check constraint"] = (m => Customers(m), m => Customers(m, e => e.ToTable("Customers", t => t.HasCheckConstraint("CK_Customers_Age", "\"Age\" >= 0")))),
        ["add unique constraint"] = (m => Customers(m), m => Customers(m, e => e.HasAlternateKey(c => c.Code))),
        ["drop foreign key, check and unique constraint"] = (
            m =>
            {
                Customers(m, e => { e.ToTable("Customers", t => t.HasCheckConstraint("CK_Customers_Age", "\"Age\" >= 0")); e.HasAlternateKey(c => c.Code); });
                Orders(m, foreignKey: true);
            },
            m => { Customers(m); Orders(m, foreignKey: false); }),
        ["seed data insert, update and delete"] = (
            m => { Customers(m); Countries(m, new Country { Code = "NL", Name = "Netherlands" }, new Country { Code = "DE", Name = "Germany" }, new Country { Code = "FR", Name = "France" }); },
            m => { Customers(m); Countries(m, new Country { Code = "NL", Name = "Netherlands" }, new Country { Code = "DE", Name = "Deutschland" }, new Country { Code = "BE", Name = "Belgium" }); }),
    };

    /// <summary>Columns whose values the staged change gives on purpose and the plain one does not (a volatile default, a computed value).</summary>
    internal static readonly string[] ValuesOfTheirOwn = ["Customers.Token", "Customers.FullName"];

    public static TheoryData<string> RowNames => new(Rows.Keys);

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Versions_that_may_run_during_each_phase_never_fail_a_write_or_read_a_wrong_value(string row)
    {
        var (oldModel, newModel) = Rows[row];
        await using var cycle = await MigrationCycle.StartAsync("during_" + string.Concat(row.Where(char.IsLetter).Take(24)).ToLowerInvariant(), oldModel, newModel, SeedAsync);
        var workload = new Workload(cycle.Old, cycle.New);

        var problems = await PhasesUnderLoad.RunAsync(cycle, workload.IterationAsync);

        PhasesUnderLoad.AssertNone(problems);
        Assert.True(workload.Iterations > 0);
        await cycle.ForgetRunnerStateAsync();
        await cycle.AssertStagedEqualsPlainAsync(ValuesOfTheirOwn);
    }

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Every_phase_finishes_when_run_again_after_stopping_between_any_two_of_its_steps(string row)
    {
        var (oldModel, newModel) = Rows[row];
        await using var cycle = await MigrationCycle.StartAsync("resume_" + string.Concat(row.Where(char.IsLetter).Take(24)).ToLowerInvariant(), oldModel, newModel, SeedAsync);

        foreach (var phase in new[] { MigrationPhase.Expand, MigrationPhase.Backfill, MigrationPhase.Contract })
        {
            // Stop after the first run of steps, run the phase again and stop after the second, and so on until a run finishes.
            for (var stopAfter = 1; ; stopAfter++)
            {
                var stoppedHere = false;
                var stopped = await cycle.RunThroughRunnerAsync(phase, pause =>
                {
                    if (pause.RunsDone == stopAfter && pause.RunsDone < pause.Runs)
                    {
                        stoppedHere = true;
                        throw new InvalidOperationException($"stopped after run {pause.RunsDone} of {pause.Runs}");
                    }

                    return Task.CompletedTask;
                });
                Assert.True(stoppedHere == (stopped != null), $"{phase}, stopping after run {stopAfter}: {stopped?.Message ?? "finished"}");
                if (!stoppedHere)
                {
                    break;
                }
            }
        }

        await cycle.ForgetRunnerStateAsync();
        await cycle.AssertStagedEqualsPlainAsync(ValuesOfTheirOwn);
    }

    internal static void Customers(ModelBuilder model, Action<EntityTypeBuilder<Customer>>? configure = null, bool mapFullName = false, bool mapToken = false)
        => model.Entity<Customer>(e =>
        {
            e.ToTable("Customers");
            if (!mapFullName)
            {
                e.Ignore(c => c.FullName);
            }

            if (!mapToken)
            {
                e.Ignore(c => c.Token);
            }

            configure?.Invoke(e);
        });

    internal static void Orders(ModelBuilder model, bool foreignKey)
        => model.Entity<Order>(e =>
        {
            e.ToTable("Orders");
            if (foreignKey)
            {
                e.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId);
            }
        });

    internal static void Countries(ModelBuilder model, params Country[] seed)
        => model.Entity<Country>(e =>
        {
            e.ToTable("Countries");
            e.HasKey(c => c.Code);
            e.HasData(seed);
        });

    internal static async Task SeedAsync(AppVersion old)
    {
        await old.InsertAsync(new Customer { Name = "Ada", Email = "ada@example.com", Phone = "+44 1", Code = "A-1", Age = 36 });
        await old.InsertAsync(new Customer { Name = "Grace", Email = "grace@example.com", Phone = null, Code = "G-1", Age = 85 });
    }

    /// <summary>One writer iteration: insert, update, read back what was written, read the other version's last customer.</summary>
    internal sealed class Workload(AppVersion old, AppVersion @new)
    {
        private readonly Dictionary<string, HashSet<string>> _mapped = new()
        {
            [old.Name] = Mapped(old),
            [@new.Name] = Mapped(@new),
        };

        private readonly Dictionary<string, Customer?> _last = new() { [old.Name] = null, [@new.Name] = null };
        private int _iterations;

        public int Iterations => Volatile.Read(ref _iterations);

        public async Task IterationAsync(AppVersion app, int number)
        {
            var tag = $"{app.Name[0]}{number}";
            var mapped = _mapped[app.Name];
            var customer = await app.InsertAsync(new Customer
            {
                Name = tag, Email = tag + "@example.com", Phone = tag + " phone", Code = tag + " code", Age = (number % 90) + 1, FullName = tag + " full", Token = Guid.NewGuid(),
            });
            await app.UpdateAsync<Customer>(customer.Id, c => Change(c, tag));
            Change(customer, tag);
            Compare(app, "its own customer", customer, await app.FindAsync<Customer>(customer.Id), mapped);

            if (mapped.Contains(nameof(Order) + "." + nameof(Order.Note)))
            {
                var order = await app.InsertAsync(new Order { CustomerId = customer.Id, Note = tag });
                await app.UpdateAsync<Order>(order.Id, o => o.Note = tag + " changed");
                var read = await app.FindAsync<Order>(order.Id);
                Expect(app, "its own order's note", tag + " changed", read.Note);
                Expect(app, "its own order's customer", customer.Id, read.CustomerId);
            }

            if (mapped.Contains(nameof(Country) + "." + nameof(Country.Name)))
            {
                await app.InsertAsync(new Country { Code = tag, Name = tag });
                await app.UpdateAsync<Country>(tag, c => c.Name = tag + " changed");
                Expect(app, "its own country's name", tag + " changed", (await app.FindAsync<Country>(tag)).Name);
            }

            var other = app.Name == old.Name ? @new.Name : old.Name;
            Customer? theirs;
            lock (_last)
            {
                theirs = _last[other];
                _last[app.Name] = customer;
            }

            if (theirs != null)
            {
                Compare(app, $"the {other} version's customer", theirs, await app.FindAsync<Customer>(theirs.Id), [.. mapped.Intersect(_mapped[other])]);
            }

            Interlocked.Increment(ref _iterations);
        }

        private static void Change(Customer customer, string tag)
        {
            customer.Name = tag + " changed";
            customer.Email = tag + "-changed@example.com";
            customer.Phone = tag + " phone changed";
            customer.Age += 1;
            customer.FullName = tag + " full changed";
        }

        private static void Compare(AppVersion app, string what, Customer written, Customer read, HashSet<string> mapped)
        {
            foreach (var property in typeof(Customer).GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => mapped.Contains(nameof(Customer) + "." + p.Name)))
            {
                Expect(app, $"{what}'s {property.Name} (id {written.Id})", property.GetValue(written), property.GetValue(read));
            }
        }

        private static void Expect(AppVersion app, string what, object? expected, object? actual)
        {
            if (!Equals(expected, actual))
            {
                throw new WrongReadException($"the {app.Name} version read {what} as '{actual}', expected '{expected}'");
            }
        }

        private static HashSet<string> Mapped(AppVersion app)
        {
            using var context = app.CreateContext();
            return context.Model.GetEntityTypes()
                .SelectMany(t => t.GetProperties().Select(p => t.ClrType.Name + "." + p.Name))
                .ToHashSet(StringComparer.Ordinal);
        }
    }

    public sealed class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;

        public string? Email { get; set; }

        public string? Phone { get; set; }

        public string Code { get; set; } = string.Empty;

        public int Age { get; set; }

        public string? FullName { get; set; }

        public Guid Token { get; set; }
    }

    public sealed class Order
    {
        public int Id { get; set; }

        public int CustomerId { get; set; }

        public string Note { get; set; } = string.Empty;
    }

    public sealed class Country
    {
        public string Code { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;
    }
}
