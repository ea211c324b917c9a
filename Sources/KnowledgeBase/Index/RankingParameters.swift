/// The knobs of ranking, tuned on the labeled questions of `SearchQualityTests`.
package struct RankingParameters: Sendable {
    /// BM25 column weights of the section index: doc title, section heading, section body, doc tags.
    package var sectionWeights = (title: 8.0, heading: 5.0, body: 1.0, tags: 2.0)
    /// BM25 column weights of the whole-doc index: title, summary, tags, body.
    package var documentWeights = (title: 4.0, summary: 4.0, tags: 2.0, body: 1.0)
    /// How much the whole-doc score counts next to the best section's score.
    package var documentShare = 0.3

    package init() {}
}
