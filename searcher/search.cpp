#include "search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>

#include "facets.h"
#include "lanes.h"
#include "query.h"
#include "ranking.h"
#include "snippet.h"
#include "spelling.h"
#include "text.h"
#include "timeline.h"
#include "window.h"

namespace gazette {
namespace {

constexpr Xapian::termcount kExpansionTerms = 5;
constexpr Xapian::termcount kLikeTerms = 25;
constexpr double kExpansionWeight = 0.25;
constexpr double kRecencyWeight = 2.0;  // the most a brand-new article gains

// Relevance order is Xapian's own; its ties are broken by id in top_hits.
// Articles without a date sort last either way: they read as the oldest
// possible date going newest-first and as the newest possible going oldest-first.
void apply_sort(Xapian::Enquire& enquire, SortOrder sort, Xapian::MultiValueKeyMaker& keys) {
    if (sort == SortOrder::kRelevance) return;
    const bool newest = sort == SortOrder::kNewest;
    keys.add_value(schema::kDateSlot, newest, newest ? "" : "99999999");
    keys.add_value(schema::kIdSlot);
    enquire.set_sort_by_key_then_relevance(&keys, false);
}

int days_since_epoch(const std::string& yyyymmdd) {
    using namespace std::chrono;
    const year_month_day ymd{year{std::stoi(yyyymmdd.substr(0, 4))},
                             month{static_cast<unsigned>(std::stoi(yyyymmdd.substr(4, 2)))},
                             day{static_cast<unsigned>(std::stoi(yyyymmdd.substr(6, 2)))}};
    return sys_days(ymd).time_since_epoch().count();
}

// Adds to each dated article a weight that halves every half_life days back
// from the newest article in the database.
class RecencySource : public Xapian::ValuePostingSource {
  public:
    RecencySource(double half_life_days, int newest_day)
        : ValuePostingSource(schema::kDateSlot), half_life_(half_life_days), newest_(newest_day) {
        set_maxweight(kRecencyWeight);
    }
    double get_weight() const override {
        const std::string value = get_value();
        if (value.size() != 8) return 0;
        const double age = std::max(0, newest_ - days_since_epoch(value));
        return kRecencyWeight * std::exp2(-age / half_life_);
    }
    RecencySource* clone() const override { return new RecencySource(half_life_, newest_); }
    std::string name() const override { return "gazette::RecencySource"; }

  private:
    double half_life_;
    int newest_;
};

// Expansion terms are plain words: no prefixed, boolean or stemmed terms.
struct PlainWords : Xapian::ExpandDecider {
    bool operator()(const std::string& term) const override {
        return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && term.size() > 2 &&
               !std::isdigit(static_cast<unsigned char>(term[0]));
    }
};

// For --like: plain words that some other article has too. A word only the
// article itself holds weighs most in its ESet and finds nothing else: an
// article of such words (on a small archive, most) had no similar articles.
struct SharedPlainWords : PlainWords {
    explicit SharedPlainWords(const Xapian::Database& db) : db_(db) {}
    bool operator()(const std::string& term) const override {
        return PlainWords::operator()(term) && db_.get_termfreq(term) > 1;
    }
    const Xapian::Database& db_;
};

Xapian::Query terms_query(const Xapian::ESet& eset) {
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The words to mark: the query's, and the exact forms that earn a bonus.
HighlightTerms marked_terms(const Xapian::Query& query, const QueryBuilder& builder,
                            const std::string& typed) {
    return highlight_terms(Xapian::Query(Xapian::Query::OP_OR, query, builder.exact_forms()), typed,
                           builder.stopper());
}

}  // namespace

Searcher::Searcher(const std::vector<std::string>& locations, bool allow_partial, unsigned lanes)
    : locations_(locations),
      allow_partial_(allow_partial),
      db_(open_readable(locations, allow_partial)),
      lanes_(plan_lanes(locations, db_.db, lanes)) {}

void Searcher::reopen() {
    db_.db.reopen();
    for (Lane& lane : lanes_) lane.db.reopen();
}

SearchResults Searcher::search(const SearchRequest& request) {
    try {
        return run(request);
    } catch (const Xapian::DatabaseModifiedError&) {
        // An indexer committed while we read: reopen at the new revision.
        reopen();
        return run(request);
    } catch (const Xapian::NetworkError&) {
        if (!allow_partial_) throw;
        // A remote shard went away since it was opened: search the others,
        // the results marked partial.
        db_ = open_readable(locations_, true);
        lanes_.clear();  // remote shards never run in lanes
        return run(request);
    }
}

std::optional<ArticleView> Searcher::article(const std::string& id, const std::string& query) {
    const std::string term = schema::boolean_term(schema::kId, id);
    Xapian::PostingIterator it = db_.db.postlist_begin(term);
    if (it == db_.db.postlist_end(term)) return std::nullopt;
    ArticleView view{db_.codec->decode(db_.db.get_document(*it).get_data()), {}, {}};
    HighlightTerms terms;
    if (!query.empty()) {
        QueryBuilder builder(db_.db, db_.settings.language);
        terms = marked_terms(builder.parse(query), builder, query);
    }
    const Highlighter highlighter(std::move(terms), Xapian::Stem(db_.settings.language));
    view.headline = highlighter.mark(view.article.headline);
    view.body_bytes = view.article.body.size();
    for (const std::string_view paragraph :
         paragraphs(utf8_prefix(view.article.body, kMaxViewBytes)))
        view.paragraphs.push_back(highlighter.mark(paragraph));
    return view;
}

Xapian::Query Searcher::like_query(const std::string& id) {
    const std::string term = schema::boolean_term(schema::kId, id);
    Xapian::PostingIterator it = db_.db.postlist_begin(term);
    if (it == db_.db.postlist_end(term)) throw QueryError("no article with id '" + id + "'");
    Xapian::RSet rset;
    rset.add_document(*it);
    Xapian::Enquire enquire(db_.db);
    const SharedPlainWords shared(db_.db);
    const Xapian::Query like = terms_query(enquire.get_eset(kLikeTerms, rset, &shared));
    return Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(term));
}

// Pseudo-relevance feedback: the strongest words of the top documents join
// the query at a lower weight.
Xapian::Query Searcher::expanded(const Xapian::Query& query, Xapian::Enquire& enquire,
                                 unsigned top) {
    const Xapian::MSet first = enquire.get_mset(0, top);
    Xapian::RSet rset;
    for (auto it = first.begin(); it != first.end(); ++it) rset.add_document(*it);
    if (rset.empty()) return query;
    const PlainWords plain;
    const Xapian::Query extra = terms_query(enquire.get_eset(kExpansionTerms, rset, &plain));
    return Xapian::Query(Xapian::Query::OP_OR, query,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, extra, kExpansionWeight));
}

// BM25 with the database's parameters (or the request's), unless IneB2 is asked for.
std::unique_ptr<Xapian::Weight> Searcher::weighting(const SearchRequest& request) const {
    if (request.ranking == Ranking::kIneB2)
        return std::make_unique<Xapian::IneB2Weight>(schema::kIneB2C);
    return std::make_unique<Xapian::BM25Weight>(request.k1.value_or(db_.settings.bm25.k1), 0, 1,
                                                request.b.value_or(db_.settings.bm25.b), 0.5);
}

// The query with a recency bonus counted from the newest dated article.
Xapian::Query Searcher::with_recency(const Xapian::Query& query,
                                     const SearchRequest& request) const {
    const std::string newest = db_.db.get_value_upper_bound(schema::kDateSlot);
    if (newest.size() != 8) return query;  // nothing is dated
    auto* source = new RecencySource(*request.recency_half_life_days, days_since_epoch(newest));
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source->release()));
}

// The enquire of a search on `db` (the whole database, on one of its
// handles): its query, weighting and order.
Xapian::Enquire Searcher::enquire_on(const Xapian::Database& db, const SearchRequest& request,
                                     QueryBuilder& builder, Xapian::MultiValueKeyMaker& keys) {
    Xapian::Query query =
        request.like_id.empty() ? builder.build(request) : like_query(request.like_id);
    // With --like, a query and filters narrow the similar articles down.
    if (!request.like_id.empty() && (!request.query.empty() || !request.filters.empty()))
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, builder.build(request));
    if (request.ranking == Ranking::kGazette)
        query = weigh_burstiness(query, db, request.burstiness);

    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(*weighting(request));
    enquire.set_query(query);
    if (request.expand > 0) {
        query = expanded(query, enquire, request.expand);
        enquire.set_query(query);
    }
    if (request.recency_half_life_days) enquire.set_query(with_recency(query, request));
    apply_sort(enquire, request.sort, keys);
    return enquire;
}

SearchResults Searcher::run(const SearchRequest& request) {
    SearchResults results;
    results.query = request.query;
    results.like = request.like_id;
    results.filtered = !request.filters.empty();
    results.offset = request.offset;
    results.limit = request.limit;
    results.missing_shards = db_.missing;

    QueryBuilder builder(db_.db, db_.settings.language);
    if (!request.query.empty() && request.like_id.empty())
        results.suggestion = spelling_suggestion(db_.db, request.query, db_.settings.language);
    Xapian::MultiValueKeyMaker keys;
    std::vector<Xapian::Enquire> enquires{enquire_on(db_.db, request, builder, keys)};
    results.corrected = builder.corrected();
    HighlightTerms marked = marked_terms(enquires.front().get_query(), builder, request.query);
    // Sorting by date, --like and feedback take one match; a ranking splits
    // into lanes, each with a query of its own (Xapian's objects are not
    // shared by threads).
    const bool in_lanes = lanes_.size() > 1 && request.sort == SortOrder::kRelevance &&
                          request.like_id.empty() && request.expand == 0;
    for (size_t i = 1; in_lanes && i < lanes_.size(); ++i) {
        QueryBuilder lane_builder(lanes_[i].db, db_.settings.language);
        enquires.push_back(enquire_on(lanes_[i].db, request, lane_builder, keys));
    }
    std::vector<Match> matches;
    for (size_t i = 0; i < enquires.size(); ++i) {
        if (in_lanes) enquires[i].set_query(in_lane(enquires[i].get_query(), lanes_[i]));
        matches.push_back({i == 0 ? db_.db : lanes_[i].db, enquires[i]});
    }

    const bool gazette = request.ranking == Ranking::kGazette;
    FacetCounter facets(request.facets, request.collapse, db_.remote);
    TimelineCounter timeline(request.collapse, db_.remote);
    // Facets and the timeline count a sample of at most facet_sample matches
    // (shared by the lanes): past it, counts are scaled to the estimated total
    // and marked approximate, so a common word costs the same at a million
    // articles as at twenty thousand.
    const Xapian::doccount sample =
        request.facets.empty() && !request.timeline
            ? 0
            : static_cast<Xapian::doccount>((request.facet_sample + matches.size() - 1) /
                                            matches.size());
    // The exact forms and coordination reorder the top hits, so they are
    // all fetched, whatever the page.
    const bool rerank = request.sort == SortOrder::kRelevance && request.like_id.empty() &&
                        request.offset < request.coordination_depth;
    const Xapian::doccount depth = rerank ? request.coordination_depth : 0;
    WindowOptions options;
    options.count = std::max<Xapian::doccount>(depth, request.offset + request.limit);
    options.check_at_least = sample;
    options.remote = db_.remote;
    if (request.collapse) options.fold = schema::kCollapseSlot;
    // Ids break ties in score the same way on any sharding (document numbers differ).
    if (request.sort == SortOrder::kRelevance) options.ties_by = schema::kIdSlot;
    options.before_run = [&](const std::vector<Match>& runs) {
        std::vector<Xapian::Enquire*> counted;
        for (const Match& m : runs) {
            m.enquire.clear_matchspies();
            counted.push_back(&m.enquire);
        }
        facets.attach(counted);
        if (request.timeline) timeline.attach(counted);
    };
    Window window = top_hits(matches, options);
    const Xapian::Query exact =
        gazette ? weigh_burstiness(builder.exact_forms(), db_.db, request.burstiness)
                : builder.exact_forms();
    add_exact_forms(window, db_.db, exact, *weighting(request), depth, db_.remote);
    if (gazette && !request.recency_half_life_days)
        coordinate(window, db_.db, enquires.front(), builder.words(), depth, request.coordination,
                   db_.remote);

    const Highlighter highlighter(std::move(marked), Xapian::Stem(db_.settings.language));
    const SnippetMaker snippets(highlighter);
    results.total = window.estimated;
    results.total_exact = window.exact;
    const std::vector<Ranked>& hits = window.hits;
    const size_t end = std::min<size_t>(hits.size(), request.offset + request.limit);
    for (size_t i = request.offset; i < end; ++i) {
        const Article a = db_.codec->decode(window.item(hits[i]).get_document().get_data());
        results.hits.push_back(
            {i + 1, a.id, a.source_id, a.path, a.headline, a.byline, a.date, a.section, a.source,
             a.url, hits[i].score,
             request.snippet_chars ? snippets.make(a.body, request.snippet_chars) : Snippet{},
             hits[i].copies, highlighter.mark(a.headline)});
    }
    results.facets = facets.facets(sample, window.uncollapsed, window.estimated);
    if (request.timeline)
        results.timeline = timeline.timeline(sample, window.uncollapsed, window.estimated);
    return results;
}

}  // namespace gazette
