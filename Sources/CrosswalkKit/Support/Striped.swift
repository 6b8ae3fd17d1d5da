import Dispatch

/// Work shared out over threads, each index done by the worker at `index % workers.count` with
/// that worker's own state (a scorer and its arrays), the results handed back in index order
/// whichever thread finished first: what is put together from them is the same on any machine.
enum Striped {
    static func map<Worker, Result>(_ count: Int, workers: [Worker], _ body: @escaping (Worker, Int) -> Result) -> [Result] {
        guard workers.count > 1 else { return (0..<count).map { body(workers[0], $0) } }
        let shared = Shared(workers: workers, count: count, body: body)
        let workerCount = workers.count
        DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
            for index in stride(from: worker, to: count, by: workerCount) {
                shared.slots[index].value = shared.body(shared.workers[worker], index)
            }
        }
        return shared.slots.map { $0.value.take()! }
    }

    /// Unchecked: each worker reads its own state only and writes its own slots only, and
    /// `body` reads nothing the others write.
    private final class Shared<Worker, Result>: @unchecked Sendable {
        final class Slot {
            var value: Result?
        }

        let workers: [Worker]
        let body: (Worker, Int) -> Result
        let slots: [Slot]

        init(workers: [Worker], count: Int, body: @escaping (Worker, Int) -> Result) {
            self.workers = workers
            self.body = body
            slots = (0..<count).map { _ in Slot() }
        }
    }
}
