using Chatbot.Core.Usage;

namespace Chatbot.Core.Chats;

/// <summary>
/// A prompt that was admitted and stored, with its reservation: what <see cref="AnswerRunner"/> answers.
/// <paramref name="Streamed"/>: the caller reads the answer piece by piece (and may stop it). The siblings go into
/// every reply that shows the message (an edit or a regeneration is one of several).
/// </summary>
internal sealed record AdmittedAnswer(
    long UserId, Message Message, AnswerPlan Plan, UsageEntry Reservation, MessageIds Siblings, bool Streamed)
{
    public MessageDto Show() => MessageDto.From(Message) with { Siblings = Siblings, Attachments = Plan.Attachments };
}
