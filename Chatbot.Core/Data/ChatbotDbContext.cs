using Chatbot.Core.ApiKeys;
using Chatbot.Core.Attachments;
using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Limits;
using Chatbot.Core.Operators;
using Chatbot.Core.Usage;
using Microsoft.EntityFrameworkCore;

namespace Chatbot.Core.Data;

/// <summary>
/// The unit of work. Each database provider has a subclass of its own (see <c>Data/Sqlite</c>) so that each
/// keeps its own migrations, generated from this one model.
/// </summary>
public abstract class ChatbotDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<RevokedTokenFamily> RevokedTokenFamilies => Set<RevokedTokenFamily>();

    public DbSet<ChatSession> ChatSessions => Set<ChatSession>();

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<LoginFailure> LoginFailures => Set<LoginFailure>();

    public DbSet<AddressRegistration> AddressRegistrations => Set<AddressRegistration>();

    public DbSet<UsageEntry> UsageLedger => Set<UsageEntry>();

    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    public DbSet<InviteCode> InviteCodes => Set<InviteCode>();

    public DbSet<DeploymentSetting> DeploymentSettings => Set<DeploymentSetting>();

    public DbSet<UserSearch> UserSearches => Set<UserSearch>();

    public DbSet<Attachment> Attachments => Set<Attachment>();

    public DbSet<MessageAttachment> MessageAttachments => Set<MessageAttachment>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>Begins a transaction that will write; SQLite's context first waits for its writer's turn.</summary>
    internal virtual async Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken)
        => new(await Database.BeginTransactionAsync(cancellationToken));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.ApplyConfigurationsFromAssembly(typeof(ChatbotDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time we store is UTC. SQLite hands DateTimes back as Unspecified; marking them UTC on the way
        // out makes the JSON carry its "Z" on every provider.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
