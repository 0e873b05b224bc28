// Fuzzes query translation: a request (the query language plus filters) ->
// Xapian::Query, run against a small in-memory database, then the highlight
// terms and snippets the searcher derives from it. Input lines: the query,
// then sections, bylines and years (comma-separated), since, until.
#include <xapian.h>

#include "document.h"
#include "fuzz_support.h"
#include "query.h"
#include "snippet.h"

namespace {

using namespace gazette;

const Article kArticles[] = {
    {"a1", "", "a1.txt", "Harbor dredging resumes", "Jane Doe", "2021-02-16", "local", "Ledger", "",
     "Dredgers returned to the harbor on Monday.\n\nThe eelgrass beds worry biologists."},
    {"a2", "", "a2.txt", "Tram line approved", "John Roe", "2021-06-03", "transport", "Courier", "",
     "The council approved the tram line. Construction starts in spring."},
    {"a3", "", "a3.txt", "Reservoir runs low", "Ana Ruiz", "2022-05-20", "weather", "Ledger", "",
     "Fenwick reservoir is at its lowest level since 1987; rationing may follow."},
    {"a4", "", "a4.txt", "Chip plant announced", "", "", "business", "Gazette", "",
     "Halvard will build a chip plant. Ukraine, Ukrainian and ukrainians appear here."},
};

Xapian::Database& database() {
    static Xapian::WritableDatabase db = [] {
        Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
        static const StoredCodec codec;
        DocumentBuilder builder(schema::Settings{}, codec);
        for (const Article& a : kArticles) w.replace_document(id_term(a.id), builder.build(a));
        w.commit();
        return w;
    }();
    return db;
}

std::vector<std::string> split_commas(const std::string& line) {
    std::vector<std::string> values;
    for (size_t start = 0; start <= line.size();) {
        const size_t comma = std::min(line.find(',', start), line.size());
        if (comma > start) values.push_back(line.substr(start, comma - start));
        start = comma + 1;
    }
    return values;
}

SearchRequest read_request(std::string_view input) {
    fuzz::Lines lines(input);
    SearchRequest r;
    r.query = lines.next();
    for (const char* field : {"section", "byline", "year"})
        r.filters.of(field) = split_commas(lines.next());
    r.filters.since = lines.next();
    r.filters.until = lines.next();
    return r;
}

void check_snippets(const Xapian::Query& query) {
    constexpr size_t kMaxChars = 120;
    const Highlighter highlighter(highlight_terms(query), Xapian::Stem(schema::kDefaultLanguage));
    const SnippetMaker maker(highlighter);
    for (const Article& a : kArticles) {
        size_t chars = 0;
        for (const Fragment& fragment : maker.make(a.body, kMaxChars).fragments)
            for (const Span& span : fragment) {
                fuzz::require(is_valid_utf8(span.text), "snippets are valid UTF-8");
                chars += span.text.size();
            }
        fuzz::require(chars <= kMaxChars, "snippets keep to their length");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // The web page and the command line hand the query over as UTF-8 text.
    const SearchRequest request = read_request(to_utf8(fuzz::as_text(data, size)));
    QueryBuilder builder(database(), schema::kDefaultLanguage);
    Xapian::Query query;
    try {
        query = builder.build(request);
    } catch (const QueryError& e) {
        fuzz::require(is_valid_utf8(e.what()), "query errors are valid UTF-8");
        return 0;
    }
    Xapian::Enquire enquire(database());
    enquire.set_query(query);
    enquire.get_mset(0, 10);
    check_snippets(query);
    return 0;
}
