import Foundation

/// Objects per entity from the peak rate and a per-object budget, and from the WebSocket cap.
package enum ShardPlanner {
    /// Hibernatable WebSockets one object accepts (https://developers.cloudflare.com/durable-objects/best-practices/websockets/).
    package static let webSocketsPerObject = 32_768.0

    /// The plan for one use case's figures.
    package static func plan(useCase: UseCase, figures: WorkloadFigures) -> Recommendation.ShardPlan {
        let work = useCase.work
        let byRate = max(1, (figures.perEntityPeakRps / work.budgetRps).rounded(.up))
        let bySockets = useCase.features.contains(.webSockets)
            ? max(1, (figures.connectionsPerEntity / webSocketsPerObject).rounded(.up)) : 1
        let perEntity = Int(max(byRate, bySockets))
        let entity = useCase.entityNouns.first ?? "entity"
        var explanation: String
        if perEntity == 1 {
            explanation = "One object per \(entity) is enough: the busiest \(entity) peaks at \(Quantity.format(figures.perEntityPeakRps)) requests/s against a budget of \(Quantity.format(work.budgetRps))"
            if useCase.features.contains(.webSockets) {
                explanation += ", and \(Quantity.format(figures.connectionsPerEntity)) sockets against 32,768 per object"
            }
            explanation += "."
        } else if byRate >= bySockets {
            let low = max(1, (figures.perEntityPeakRps / work.upperRps).rounded(.up))
            explanation = "\(Quantity.format(figures.perEntityPeakRps)) requests/s ÷ \(Quantity.format(work.budgetRps)) per object = \(perEntity) objects per \(entity) (\(Int(low)) at the top of the documented range). Objects ≈ total requests/s ÷ requests/s per object, as the Rules of Durable Objects put it; name them with a shard suffix and spread writes by hashing the caller (or at random), then read by summing or merging the shards."
        } else {
            explanation = "\(Quantity.format(figures.connectionsPerEntity)) sockets ÷ 32,768 per object = \(perEntity) objects per \(entity); the publisher sends each update to every shard in parallel."
        }
        return Recommendation.ShardPlan(
            perEntity: perEntity,
            total: figures.entities * Double(perEntity),
            peakRpsPerEntity: figures.perEntityPeakRps,
            budgetRps: work.budgetRps,
            budgetRange: work.rangeText,
            budgetSource: WorkClass.source,
            explanation: explanation)
    }
}
