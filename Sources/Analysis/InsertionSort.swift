extension Array {
    /// Sorts in place, keeping the order of equal elements: an insertion sort, for the handful of
    /// areas or reasons one school has (faster there than the standard sort, and stable).
    mutating func stableSort(by areInIncreasingOrder: (Element, Element) -> Bool) {
        for index in indices.dropFirst() {
            var position = index
            while position > 0, areInIncreasingOrder(self[position], self[position - 1]) {
                swapAt(position - 1, position)
                position -= 1
            }
        }
    }
}
