extension Image {
    /// The picture scaled to `width`×`height`, in the same ``format``.
    ///
    /// Each axis is scaled on its own: a shrinking axis averages the source area under each output pixel
    /// (an exact 2× shrink gives exact box averages), an enlarging axis interpolates linearly between the
    /// nearest pixels (corner pixels stay as they were). A flat colour stays exactly that colour. The same
    /// size returns `self`; a width or height of 0 gives an empty image.
    public func resized(width: Int, height: Int) -> Image {
        precondition(width >= 0 && height >= 0, "Cannot resize to \(width)×\(height)")
        if width == self.width, height == self.height { return self }
        if width == 0 || height == 0 {
            return Image(width: width, height: height, format: format, pixels: [])
        }
        precondition(self.width > 0 && self.height > 0, "Cannot resize an empty \(self.width)×\(self.height) image to \(width)×\(height)")
        _ = checkedByteCount
        let resampler = Resampler(sourceWidth: self.width, sourceHeight: self.height, targetWidth: width, targetHeight: height)
        let resized = pixels.withUnsafeBytes { resampler.resample($0) }
        return Image(width: width, height: height, format: format, pixels: resized)
    }
}
