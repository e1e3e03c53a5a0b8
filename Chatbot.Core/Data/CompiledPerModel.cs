using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Chatbot.Core.Data;

/// <summary>
/// An EF compiled query, compiled once per model. EF binds a compiled query to the first model it runs against and
/// refuses any other, and each provider's context (SQLite, PostgreSQL) has a model of its own: an app uses one, but
/// a process may hold both (the tests do).
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> compiled = [];

    public TQuery For(DbContext db) => compiled.GetValue(db.Model, _ => compile());
}
