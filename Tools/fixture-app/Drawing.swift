import CX11

/// How a label sits in its rectangle.
enum TextAlignment {
    /// Horizontally centred.
    case center
    /// Left-aligned with a small padding.
    case leading
}

/// Which core font a label uses.
enum FontRole {
    /// Bold 24-pixel Helvetica (every label and button).
    case label
    /// Very large text (the keys scene); falls back to `label` when the text would not fit.
    case huge
}

/// The off-screen picture of the window and everything scenes draw with.
///
/// Scenes paint into a pixmap that is then copied to the window in one `XCopyArea`, so a screenshot
/// never catches a half-drawn frame. All text is black on light widgets.
final class Canvas {
    private let display: OpaquePointer
    private let window: Window
    private let depth: UInt32
    private let visual: UnsafeMutablePointer<Visual>?
    private var warnedAboutImages = false
    private let gc: GC
    private let palette: Palette
    private let labelFont: CoreFont
    private let hugeFont: CoreFont
    private let textFontSet: TextFontSet?
    private var pixmap: Pixmap
    private(set) var width: Int
    private(set) var height: Int

    /// Creates the back buffer and loads the fonts; throws `.noFont` if the server has none at all.
    init(display: OpaquePointer, screen: Int32, window: Window, palette: Palette, width: Int, height: Int) throws(FixtureError) {
        guard let label = CoreFont(display: display, candidates: CoreFont.labelCandidates)
                ?? CoreFont(display: display, candidates: ["fixed"]) else {
            throw FixtureError.noFont
        }
        guard let gc = XCreateGC(display, window, 0, nil) else { throw FixtureError.noFont }
        self.display = display
        self.window = window
        self.depth = UInt32(XDefaultDepth(display, screen))
        self.visual = XDefaultVisual(display, screen)
        self.gc = gc
        self.palette = palette
        self.labelFont = label
        self.hugeFont = CoreFont(display: display, candidates: CoreFont.hugeCandidates) ?? label
        self.textFontSet = TextFontSet(display: display)
        self.width = width
        self.height = height
        self.pixmap = XCreatePixmap(display, window, UInt32(width), UInt32(height), depth)
        XSetGraphicsExposures(display, gc, 0)
    }

    deinit {
        XFreePixmap(display, pixmap)
        XFreeGC(display, gc)
    }

    /// Replaces the back buffer after the window changed size.
    func resize(width: Int, height: Int) {
        guard width != self.width || height != self.height else { return }
        XFreePixmap(display, pixmap)
        pixmap = XCreatePixmap(display, window, UInt32(width), UInt32(height), depth)
        self.width = width
        self.height = height
    }

    /// Clears the back buffer, lets `scene` paint it, and copies it to the window.
    func render(_ scene: any Scene) {
        fill(Rect(x: 0, y: 0, width: width, height: height), UIColor.background)
        scene.draw(on: self)
        present()
    }

    /// Copies the back buffer to the window (also used to answer Expose).
    func present() {
        XCopyArea(display, pixmap, window, gc, 0, 0, UInt32(width), UInt32(height), 0, 0)
    }

    /// Fills `rect` with `color`, pixel-exact.
    func fill(_ rect: Rect, _ color: RGB) {
        guard rect.width > 0, rect.height > 0 else { return }
        XSetForeground(display, gc, palette.pixel(color))
        XFillRectangle(display, pixmap, gc, Int32(rect.x), Int32(rect.y), UInt32(rect.width), UInt32(rect.height))
    }

    /// Draws a border `thickness` pixels wide just inside `rect`.
    func frame(_ rect: Rect, _ color: RGB, thickness: Int) {
        let t = min(thickness, rect.width / 2, rect.height / 2)
        fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: t), color)
        fill(Rect(x: rect.x, y: rect.maxY - t, width: rect.width, height: t), color)
        fill(Rect(x: rect.x, y: rect.y + t, width: t, height: rect.height - 2 * t), color)
        fill(Rect(x: rect.maxX - t, y: rect.y + t, width: t, height: rect.height - 2 * t), color)
    }

    /// Draws `text` in a core font, vertically centred in `rect` and clipped to it.
    func drawLabel(_ text: String, in rect: Rect, font role: FontRole = .label, alignment: TextAlignment) {
        guard !text.isEmpty, rect.width > 0, rect.height > 0 else { return }
        let padding = 12
        var font = role == .huge ? hugeFont : labelFont
        var characters = font.characters(text)
        var textWidth = font.width(of: characters)
        if font !== labelFont, textWidth > rect.width - 2 * padding {
            font = labelFont
            characters = font.characters(text)
            textWidth = font.width(of: characters)
        }
        let x = alignment == .center ? rect.x + (rect.width - textWidth) / 2 : rect.x + padding
        let baseline = rect.y + (rect.height + font.ascent - font.descent) / 2
        clip(to: rect)
        XSetForeground(display, gc, palette.pixel(UIColor.text))
        XSetFont(display, gc, font.fontID)
        XDrawString16(display, pixmap, gc, Int32(x), Int32(baseline), characters, Int32(characters.count))
        unclip()
    }

    /// A push button: light face, dark 2-pixel border, centred bold label.
    func drawButton(_ title: String, in rect: Rect) {
        fill(rect, UIColor.buttonFace)
        frame(rect, UIColor.border, thickness: 2)
        drawLabel(title, in: rect, alignment: .center)
    }

    /// A text field with user text in the UTF-8 font set. A focused field has a 4-pixel blue border
    /// and a caret after the text; when the text is wider than the field its end stays visible.
    func drawField(_ value: String, in rect: Rect, focused: Bool) {
        fill(rect, UIColor.fieldFace)
        frame(rect, focused ? UIColor.focusBorder : UIColor.fieldBorder, thickness: focused ? 4 : 2)
        let inner = rect.insetBy(6)
        let padding = 6
        let ascent = textFontSet?.ascent ?? labelFont.ascent
        let descent = textFontSet?.descent ?? labelFont.descent
        let baseline = rect.y + (rect.height + ascent - descent) / 2
        let textWidth = textFontSet?.width(of: value) ?? labelFont.width(of: labelFont.characters(value))
        let caretGap = focused ? 4 : 0
        let x = min(inner.x + padding, inner.maxX - padding - caretGap - textWidth)
        clip(to: inner)
        XSetForeground(display, gc, palette.pixel(UIColor.text))
        if let textFontSet {
            textFontSet.draw(value, on: pixmap, gc: gc, x: x, baseline: baseline)
        } else {
            let characters = labelFont.characters(value)
            XSetFont(display, gc, labelFont.fontID)
            XDrawString16(display, pixmap, gc, Int32(x), Int32(baseline), characters, Int32(characters.count))
        }
        unclip()
        if focused {
            fill(Rect(x: x + textWidth + 2, y: baseline - ascent, width: 2, height: ascent + descent), UIColor.text)
        }
    }

    /// Draws `pixels` (`0xRRGGBB`, row-major, `width`×`height`) with its top-left corner at `origin`,
    /// in one `XPutImage` of a ZPixmap image. Needs a TrueColor visual stored at 32 bits per pixel
    /// (Xvfb depth 24); elsewhere it draws nothing and warns once on stderr.
    func drawImage(_ pixels: [UInt32], width: Int, height: Int, at origin: (x: Int, y: Int)) {
        guard width > 0, height > 0, pixels.count >= width * height else { return }
        guard let visual, let masks = palette.masks else {
            warnImagesUnsupported("the default visual is not TrueColor")
            return
        }
        // Pixels are already in the visual's format when the masks are the usual 8-bit ones.
        let native = masks == (0xFF0000, 0x00FF00, 0x0000FF)
        let converted = native ? pixels : pixels.map { UInt32(truncatingIfNeeded: palette.trueColorPixel($0) ?? 0) }
        converted.withUnsafeBufferPointer { buffer in
            // Xlib only reads the data for XPutImage; the buffer stays owned by Swift.
            let data = UnsafeMutableRawPointer(mutating: buffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            guard let image = XCreateImage(display, visual, depth, ZPixmap, 0, data, UInt32(width), UInt32(height),
                                           32, Int32(width * 4)) else {
                warnImagesUnsupported("XCreateImage failed")
                return
            }
            defer {
                // XDestroyImage frees `data` unless it is nil, so detach the Swift buffer first.
                image.pointee.data = nil
                _ = CX11_DestroyImage(image)
            }
            guard image.pointee.bits_per_pixel == 32 else {
                warnImagesUnsupported("depth \(depth) is not stored at 32 bits per pixel")
                return
            }
            // The buffer holds host-order 32-bit words; Xlib swaps them if the server's order differs.
            #if _endian(little)
            image.pointee.byte_order = LSBFirst
            #else
            image.pointee.byte_order = MSBFirst
            #endif
            XPutImage(display, pixmap, gc, image, 0, 0, Int32(origin.x), Int32(origin.y), UInt32(width), UInt32(height))
        }
    }

    private func warnImagesUnsupported(_ reason: String) {
        guard !warnedAboutImages else { return }
        warnedAboutImages = true
        printError("cannot draw images: \(reason)")
    }

    private func clip(to rect: Rect) {
        var clipRect = XRectangle(x: Int16(clamping: rect.x), y: Int16(clamping: rect.y),
                                  width: UInt16(clamping: rect.width), height: UInt16(clamping: rect.height))
        XSetClipRectangles(display, gc, 0, 0, &clipRect, 1, Unsorted)
    }

    private func unclip() {
        XSetClipMask(display, gc, 0)
    }
}
