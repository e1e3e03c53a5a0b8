using Chatbot.Core.Data.PostgreSql;
using Chatbot.Core.Data.PostgreSql.CompiledModel;
using Chatbot.Core.Data.Sqlite;
using Chatbot.Core.Data.Sqlite.CompiledModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Chatbot.Tests.Data;

/// <summary>
/// Each provider's context runs on a compiled model (generated code, so a cold start does not build the model), which
/// nothing regenerates by itself: these fail when the model in code and the compiled one part.
/// </summary>
public sealed class CompiledModelTests
{
    private const string Regenerate = "The model changed without its compiled model: dotnet ef dbcontext optimize --project Chatbot.Core --context {0} --output-dir Data/{1}/CompiledModel --namespace Chatbot.Core.Data.{1}.CompiledModel";

    [Fact]
    public void The_sqlite_context_runs_on_its_compiled_model_and_it_matches_the_code()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.IsType<SqliteChatbotDbContextModel>(db.Model);
        AssertSameShape(db, string.Format(null, Regenerate, nameof(SqliteChatbotDbContext), "Sqlite"));
    }

    [Fact]
    public void The_postgresql_context_runs_on_its_compiled_model_and_it_matches_the_code()
    {
        using var db = new PostgreSqlDesignTimeFactory().CreateDbContext([]);

        Assert.IsType<PostgreSqlChatbotDbContextModel>(db.Model);
        AssertSameShape(db, string.Format(null, Regenerate, nameof(PostgreSqlChatbotDbContext), "PostgreSql"));
    }

    /// <summary>
    /// The entities, their tables, columns, keys, indexes, relationships and navigations, as far as the read-optimized
    /// compiled model keeps them, against those of the model built from code.
    /// </summary>
    private static void AssertSameShape(DbContext db, string regenerate)
    {
        var compiled = Shape(db.Model);
        var fromCode = Shape(db.GetService<IDesignTimeModel>().Model);
        var missing = fromCode.Except(compiled).ToList();
        var extra = compiled.Except(fromCode).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{regenerate}\nIn the code only: {string.Join("; ", missing)}\nIn the compiled model only: {string.Join("; ", extra)}");
    }

    private static HashSet<string> Shape(IModel model) => model.GetEntityTypes().SelectMany(entity =>
        new[] { $"{entity.Name} -> {entity.GetTableName()}" }
            .Concat(entity.GetProperties().Select(property =>
                $"{entity.Name}.{property.Name}: {property.ClrType.Name} {(property.IsNullable ? "null" : "not null")} "
                + $"column {property.GetColumnName()} max {property.GetMaxLength()} generated {property.ValueGenerated}"))
            .Concat(entity.GetKeys().Select(key => $"{entity.Name} key ({Names(key.Properties)}) primary {key.IsPrimaryKey()}"))
            .Concat(entity.GetIndexes().Select(index => $"{entity.Name} index ({Names(index.Properties)}) unique {index.IsUnique}"))
            .Concat(entity.GetForeignKeys().Select(foreignKey =>
                $"{entity.Name} ({Names(foreignKey.Properties)}) -> {foreignKey.PrincipalEntityType.Name} on delete {foreignKey.DeleteBehavior}"))
            .Concat(entity.GetNavigations().Select(navigation => $"{entity.Name} navigation {navigation.Name}")))
        .ToHashSet(StringComparer.Ordinal);

    private static string Names(IEnumerable<IReadOnlyProperty> properties) => string.Join(", ", properties.Select(property => property.Name));
}
