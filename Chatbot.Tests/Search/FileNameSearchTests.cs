using Chatbot.Core.Search;

namespace Chatbot.Tests.Search;

/// <summary>A message found by a file's name: the name is its snippet, each stretch a term matched marked.</summary>
public sealed class FileNameSearchTests
{
    [Theory]
    [InlineData("quarterly", "quarterly-report.pdf", "[quarterly]-report.pdf")]
    [InlineData("REPORT rep*", "Report-report.PDF", "[Report]-[report].PDF")]
    [InlineData("quart terly", "quarterly.csv", "[quarterly].csv")]
    [InlineData("\"report.pdf\" 100%", "100% report.pdf", "[100%] [report.pdf]")]
    [InlineData("a_b", "[a_b].png", "[[a_b]].png")]
    public void The_snippet_marks_what_each_term_matched_once(string q, string name, string snippet)
        => Assert.Equal(snippet, FileNameSearch.Snippet(name, SearchQuery.Parse(q)));
}
