/// The knobs of ranking, tuned on the labeled questions of `SearchQualityTests`.
package struct RankingParameters: Sendable {
    /// BM25 column weights of the section index: doc title, section heading, section body, doc tags.
    package var sectionWeights = (title: 3.0, heading: 8.0, body: 1.0, tags: 2.0)
    /// How much each further matching section of a doc adds to its best section's score.
    package var documentShare = 0.2

    package init() {}
}
