using Chatbot.Core.ApiKeys;
using Chatbot.Core.Attachments;
using Chatbot.Core.Auth;
using Chatbot.Core.Chats;
using Chatbot.Core.Completions;
using Chatbot.Core.Data;
using Chatbot.Core.Gemini;
using Chatbot.Core.Health;
using Chatbot.Core.Hosting;
using Chatbot.Core.Import;
using Chatbot.Core.Limits;
using Chatbot.Core.Models;
using Chatbot.Core.Operators;
using Chatbot.Core.Search;
using Chatbot.Core.Usage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Chatbot.Core;

public static class ChatbotCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything Core offers. In development a missing signing key is generated and kept in the data
    /// folder, and a missing Gemini key only fails the calls that need it; elsewhere both stop the app at start-up.
    /// </summary>
    public static IServiceCollection AddChatbotCore(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AppDataOptions>().Bind(configuration.GetSection(AppDataOptions.SectionName));

        services.AddDatabase(configuration);
        services.AddAccounts(configuration, isDevelopment);
        services.AddSignUpControls(configuration);
        // Without a Gemini key, other providers' models may carry the app (Models:); Gemini's are then not offered.
        services.AddGemini(configuration, apiKeyOptional: isDevelopment || ModelOptions.AnyConfigured(configuration));
        services.AddModels(configuration);
        services.AddAttachments(configuration, isDevelopment);

        services.AddOptions<LimitsOptions>().Bind(configuration.GetSection(LimitsOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LoginLimitsValidator>();
        services.AddOptions<ClientAddressOptions>().Bind(configuration.GetSection(ClientAddressOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClientAddressOptions>, ClientAddressOptionsValidator>();
        services.AddScoped<LoginThrottle>();
        services.AddScoped<RegistrationLimit>();
        services.AddScoped<SearchLimit>();
        services.AddOptions<QuotaOptions>().Bind(configuration.GetSection(QuotaOptions.SectionName));
        services.AddScoped<UsageService>();
        services.AddScoped<MessageLimits>();
        services.AddScoped<DailyQuota>();
        services.AddScoped<ApiKeyLimits>();
        services.AddScoped<AnswerAdmission>();
        services.AddScoped<AdminGate>();
        services.AddScoped<AuditLog>();
        services.AddScoped<Superusers>();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.SectionName));
        services.AddScoped<UserDirectory>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<AdminChats>();
        services.AddScoped<DeploymentUsage>();
        services.AddScoped<AuditQueries>();
        services.AddOptions<TitleOptions>().Bind(configuration.GetSection(TitleOptions.SectionName));
        services.AddSingleton<SessionTitler>();
        services.AddScoped<ChatSessionService>();
        services.AddScoped<AnswerPlanner>();
        services.AddSingleton<AnswerHeartbeat>();
        services.AddSingleton<AnswerRunner>();
        services.AddScoped<MessageCommands>();
        services.AddScoped<AnswerStarter>();
        services.AddScoped<MessageReader>();
        services.AddScoped<BranchSelector>();
        services.AddScoped<MessageSearch>();
        services.AddScoped<ConversationImporter>();
        services.AddScoped<AnswerFollower>();
        services.AddScoped<ChatCompletions>();
        services.AddScoped<AbandonedAnswers>();
        services.AddSingleton<DatabaseReadiness>();
        services.AddHostedService<AbandonedAnswerSweeper>();
        services.AddScoped<HealthProbe>();
        return services;
    }

    private static void AddAccounts(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.AddOptions<JwtOptions>().Bind(configuration.GetSection(JwtOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtOptions>, JwtOptionsValidator>();
        if (isDevelopment)
        {
            services.AddSingleton<IPostConfigureOptions<JwtOptions>, DevelopmentSigningKey>();
        }

        services.AddOptions<PasswordOptions>()
            .Bind(configuration.GetSection(PasswordOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<JwtTokenService>();
        services.AddScoped<AccountRegistration>();
        services.AddScoped<PasswordLogin>();
        services.AddScoped<LoginTokens>();
        services.AddSingleton<RevokedFamilyCache>();
        services.AddScoped<TokenRevocation>();
        services.AddScoped<AccountLifecycle>();
        services.AddScoped<SignInAudit>();
        services.AddScoped<ApiKeyCaller>();
        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddScoped<ApiKeyService>();
    }

    /// <summary>Who may sign up (the registration mode, invites) and how the first admin is claimed over HTTP.</summary>
    private static void AddSignUpControls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistrationOptions>().Bind(configuration.GetSection(RegistrationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistrationOptions>, RegistrationOptionsValidator>();
        services.AddScoped<RegistrationSettings>();
        services.AddScoped<Invites>();
        services.AddScoped<AdminBootstrap>();
    }
}
