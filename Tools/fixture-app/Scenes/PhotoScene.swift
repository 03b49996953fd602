/// A full-window, photo-like landscape with no text: the "busy screen" background for benchmarks.
///
/// One widget, "Photo" (kind image), covers the window. The picture is generated once per window size
/// (lazily, so `--layout` never pays for it) and drawn with one `XPutImage`.
final class PhotoScene: Scene {
    private(set) var widgets: [Widget] = []
    private var width: Int
    private var height: Int
    private var pixels: [UInt32]?

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        resize(width: width, height: height)
    }

    func resize(width: Int, height: Int) {
        if width != self.width || height != self.height {
            pixels = nil
        }
        self.width = width
        self.height = height
        widgets = [Widget(name: "Photo", kind: .image, rect: Rect(x: 0, y: 0, width: width, height: height))]
    }

    func draw(on canvas: Canvas) {
        let image = pixels ?? PhotoImage.generate(width: width, height: height)
        pixels = image
        canvas.drawImage(image, width: width, height: height, at: (x: 0, y: 0))
    }
}

/// A deterministic landscape photograph made of integer math only.
///
/// Sky (blue to pale towards the horizon, a sun with a soft glow, fractal clouds), hazy far
/// mountains, near hills with soft dark tree clumps, and a textured field. Large-scale shapes come from
/// smooth value noise (a fixed-seed integer hash of lattice points), computed once per 2×2 block;
/// every pixel then gets a few grey levels of grain from a fixed-seed xorshift stream (±2 in the sky,
/// ±4 on the mountains, ±6 in the field), so the image compresses like a photo rather than like flat
/// UI. The same size always gives the same pixels; texture is sized in pixels, horizons, sun and trees
/// in fractions of the window.
enum PhotoImage {
    /// `width`×`height` pixels as `0x00RRGGBB`, row-major.
    static func generate(width: Int, height: Int) -> [UInt32] {
        guard width > 0, height > 0 else { return [] }
        let landscape = Landscape(width: width, height: height)
        return [UInt32](unsafeUninitializedCapacity: width * height) { buffer, count in
            if let base = buffer.baseAddress {
                landscape.paint(into: base)
                count = width * height
            }
        }
    }

    /// Hermite smoothstep on 0…256.
    static func smoothstep(_ t: Int) -> Int {
        (t * t * (768 - 2 * t)) >> 16
    }

    /// A fixed-seed hash of a lattice point, -256…255.
    static func signedHash(_ i: Int, _ j: Int, _ seed: UInt32) -> Int {
        var h = UInt32(truncatingIfNeeded: i) &* 0x9E37_79B1 ^ UInt32(truncatingIfNeeded: j) &* 0x85EB_CA77 ^ seed
        h ^= h >> 15
        h &*= 0x2C1B_3C6D
        h ^= h >> 12
        h &*= 0x297A_2D39
        h ^= h >> 15
        return Int(h >> 23) - 256
    }
}

/// The landscape of one photo size and its row-by-row painter.
///
/// The smooth picture is computed on a grid of 2×2-pixel blocks (block coordinates below), a row of
/// blocks at a time, then spread over the pixels with per-pixel grain. Hot loops use plain pointers,
/// `while` loops, no generic calls and few divisions, so that even an unoptimised (debug) build paints
/// 1920×1080 quickly.
private final class Landscape {
    /// Output size in pixels.
    private let width: Int, height: Int
    /// Grid size in blocks.
    private let columns: Int, rows: Int
    /// Per block column: sky/mountain boundary, mountain/field boundary (block rows), and the
    /// gradient steps 65536 / far and 65536 / (rows - near).
    private let far: UnsafeMutablePointer<Int>
    private let near: UnsafeMutablePointer<Int>
    private let skyStep: UnsafeMutablePointer<Int>
    private let fieldStep: UnsafeMutablePointer<Int>
    /// Block-row buffers: fractal value; red, green, blue before grain; packed blocks.
    private let fractal: UnsafeMutablePointer<Int32>
    private let red: UnsafeMutablePointer<Int>
    private let green: UnsafeMutablePointer<Int>
    private let blue: UnsafeMutablePointer<Int>
    /// `tag << 24 | 0xRRGGBB` with every channel in 8…247, so grain never carries between channels;
    /// tag is the block's row in `grain` (0 sky, 8 mountains, 16 field).
    private let blocks: UnsafeMutablePointer<UInt32>
    /// Grain to add to a packed colour (the same value in every channel), 8 levels per region.
    private let grain: UnsafeMutablePointer<UInt32>
    private let texture: Fractal
    private let clumps: [Clump]
    private let sunX: Int, sunY: Int, glowRadius: Int

    /// An elliptical tree clump with a flat core and a soft edge.
    private struct Clump {
        let cx: Int, cy: Int, rx: Int, ry: Int
    }

    private static let skyTag: UInt32 = 0, mountainTag: UInt32 = 8 << 24, fieldTag: UInt32 = 16 << 24

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        let columns = (width + 1) / 2, rows = (height + 1) / 2
        self.columns = columns
        self.rows = rows
        far = .allocate(capacity: columns)
        near = .allocate(capacity: columns)
        skyStep = .allocate(capacity: columns)
        fieldStep = .allocate(capacity: columns)
        fractal = .allocate(capacity: columns)
        red = .allocate(capacity: columns)
        green = .allocate(capacity: columns)
        blue = .allocate(capacity: columns)
        blocks = .allocate(capacity: columns)
        grain = .allocate(capacity: 24)
        for level in 0..<8 {
            let value = level - 4  // -4…3
            for (region, scaled) in [value >> 1, value, value + value >> 1].enumerated() {
                grain[region * 8 + level] = UInt32(bitPattern: Int32(scaled) &* 0x01_0101)
            }
        }
        let mountains = Landscape.ridge(columns: columns, base: rows * 47 / 100, amplitude: rows * 10 / 100,
                                        shifts: [8, 7, 6, 5, 4, 3], seed: 0x51ED_270B)
        let hills = Landscape.ridge(columns: columns, base: rows * 63 / 100, amplitude: rows * 5 / 100,
                                    shifts: [9, 8, 7, 6, 5], seed: 0x1B87_3593)
        for x in 0..<columns {
            // The mountains always show at least a thin band above the hills.
            let hill = min(rows - 1, max(2, hills[x]))
            let mountain = min(hill - 1, mountains[x], hill - rows / 40)
            near[x] = hill
            far[x] = max(1, mountain)
            skyStep[x] = 65536 / far[x]
            fieldStep[x] = 65536 / (rows - hill)
        }
        texture = Fractal(columns: columns, rows: rows, seed: 0x2545_F491)
        let placements: [(x: Int, rx: Int, ry: Int)] = [(14, 35, 30), (22, 20, 22), (51, 45, 28), (86, 30, 35)]
        let nearBoundary = near
        clumps = placements.map { placement in
            let cx = min(columns - 1, columns * placement.x / 100)
            let rx = max(2, columns * placement.rx / 960), ry = max(2, rows * placement.ry / 540)
            return Clump(cx: cx, cy: nearBoundary[cx] - ry / 3, rx: rx, ry: ry)
        }
        sunX = columns * 72 / 100
        sunY = rows * 20 / 100
        glowRadius = max(1, rows * 22 / 100)
    }

    deinit {
        for pointer in [far, near, skyStep, fieldStep, red, green, blue] { pointer.deallocate() }
        fractal.deallocate()
        blocks.deallocate()
        grain.deallocate()
    }

    /// A smooth skyline: `base` minus 1-D value noise (octaves of 2^shift blocks, halving amplitude).
    private static func ridge(columns: Int, base: Int, amplitude: Int, shifts: [Int], seed: UInt32) -> [Int] {
        var result = [Int](repeating: base, count: columns)
        var octaveAmplitude = amplitude
        for (octave, shift) in shifts.enumerated() {
            let cell = 1 << shift
            for x in 0..<columns {
                let i = x >> shift
                let s = PhotoImage.smoothstep((x & (cell - 1)) * 256 / cell)
                let a = PhotoImage.signedHash(i, octave, seed), b = PhotoImage.signedHash(i + 1, octave, seed)
                result[x] -= (((a * (256 - s) + b * s) >> 8) * octaveAmplitude) >> 8
            }
            octaveAmplitude /= 2
        }
        return result
    }

    /// Paints all pixels into `out` (`width * height`).
    func paint(into out: UnsafeMutablePointer<UInt32>) {
        let width = self.width, height = self.height, blocks = self.blocks, grain = self.grain
        var state: UInt32 = 0x9E37_79B9
        var blockRow = 0
        while blockRow < rows {
            texture.fill(row: blockRow, into: fractal)
            paintBase(row: blockRow)
            paintSun(row: blockRow)
            for clump in clumps where blockRow > clump.cy - clump.ry && blockRow < clump.cy + clump.ry {
                paint(clump, row: blockRow)
            }
            pack(row: blockRow)
            // Two pixel rows per block row; two pixels per block and per random number.
            var y = blockRow * 2
            let endY = y + 2 < height ? y + 2 : height
            while y < endY {
                let row = out + y * width
                var x = 0
                while x < width {
                    state ^= state << 13
                    state ^= state >> 17
                    state ^= state << 5
                    let block = blocks[x >> 1]
                    let tag = Int(block >> 24)
                    let color = block & 0xFF_FFFF
                    row[x] = color &+ grain[tag | Int(state >> 29)]
                    if x + 1 < width {
                        row[x + 1] = color &+ grain[tag | Int((state >> 26) & 7)]
                    }
                    x += 2
                }
                y += 1
            }
            blockRow += 1
        }
    }

    /// Sky with clouds, mountains or field for every block of row `y`.
    private func paintBase(row y: Int) {
        let far = self.far, near = self.near, red = self.red, green = self.green, blue = self.blue
        let fractal = self.fractal, skyStep = self.skyStep, fieldStep = self.fieldStep, columns = self.columns
        let mountainStep = 65536 / (rows / 5 > 0 ? rows / 5 : 1)
        let lightStep = 36 * 65536 / columns  // 36 levels of light across the width
        // Divisions are slow in unoptimised builds, so n/k is written as (n * 256/k) >> 8.
        var x = 0
        while x < columns {
            let n = Int(fractal[x])
            let farY = far[x]
            var r: Int, g: Int, b: Int
            if y < farY {
                // Sky: deep blue at the top, pale at the horizon; clouds where the fractal is high,
                // thinner towards the horizon.
                let t = (y * skyStep[x]) >> 8
                r = 36 + (t * 150) >> 8
                g = 88 + (t * 120) >> 8
                b = 166 + (t * 62) >> 8
                var density = (n - 20 - (t * 43) >> 8) * 5
                if density > 0 {
                    density = density > 256 ? 256 : density
                    let shade = 206 + (n * 51) >> 8
                    r = (r * (256 - density) + shade * density) >> 8
                    g = (g * (256 - density) + shade * density) >> 8
                    b = (b * (256 - density) + (shade + 8) * density) >> 8
                }
            } else if y < near[x] {
                // Far mountains: hazy blue-grey, darker and greener lower down.
                var depth = ((y - farY) * mountainStep) >> 8
                depth = depth > 256 ? 256 : depth
                r = 104 - (depth * 44) >> 8 + (n * 37) >> 8
                g = 124 - (depth * 26) >> 8 + (n * 43) >> 8
                b = 142 - (depth * 62) >> 8 + (n * 28) >> 8
            } else {
                // Field: green, lighter and warmer towards the bottom and the right.
                let t = ((y - near[x]) * fieldStep[x]) >> 8
                let light = (x * lightStep) >> 16
                r = 58 + (t * 56) >> 8 + n >> 2 + light >> 1
                g = 92 + (t * 44) >> 8 + (n * 85) >> 8 + light
                b = 34 + (t * 10) >> 8 + n >> 3
            }
            red[x] = r
            green[x] = g
            blue[x] = b
            x += 1
        }
    }

    /// The sun's glow and disk over the sky blocks of row `y`.
    private func paintSun(row y: Int) {
        let dy = y - sunY
        let radius2 = glowRadius * glowRadius
        guard dy * dy < radius2 else { return }
        let far = self.far, red = self.red, green = self.green, blue = self.blue
        let disk2 = radius2 / 50  // the disk's soft edge ends at √(1/50) of the glow radius
        let span = Int(Double(radius2 - dy * dy).squareRoot())
        var x = sunX - span > 0 ? sunX - span : 0
        let end = sunX + span < columns ? sunX + span : columns
        while x < end {
            let dx = x - sunX
            let d2 = dx * dx + dy * dy
            if y < far[x], d2 < radius2 {
                let q = (radius2 - d2) * 256 / radius2
                let q2 = (q * q) >> 8
                var r = red[x] + (q2 * 90) >> 8, g = green[x] + (q2 * 70) >> 8, b = blue[x] + (q2 * 25) >> 8
                if d2 < disk2 {
                    var core = (disk2 - d2) * 1024 / disk2
                    core = core > 256 ? 256 : core
                    r += (core * (255 - r)) >> 8
                    g += (core * (250 - g)) >> 8
                    b += (core * (232 - b)) >> 8
                }
                red[x] = r
                green[x] = g
                blue[x] = b
            }
            x += 1
        }
    }

    /// Blends a dark, textured tree clump into row `y`.
    private func paint(_ clump: Clump, row y: Int) {
        let fractal = self.fractal, red = self.red, green = self.green, blue = self.blue
        let dy = (y - clump.cy) * 256 / clump.ry
        var x = clump.cx - clump.rx > 0 ? clump.cx - clump.rx : 0
        let end = clump.cx + clump.rx < columns ? clump.cx + clump.rx : columns
        let stepX = 65536 / clump.rx
        while x < end {
            let dx = ((x - clump.cx) * stepX) >> 8
            let e = (dx * dx + dy * dy) >> 8  // 256 on the ellipse
            if e < 256 {
                var cover = (256 - e) * 3
                cover = cover > 256 ? 256 : cover
                let n = Int(fractal[x])
                red[x] = (red[x] * (256 - cover) + (36 + n / 8) * cover) >> 8
                green[x] = (green[x] * (256 - cover) + (66 + n / 5) * cover) >> 8
                blue[x] = (blue[x] * (256 - cover) + (30 + n / 10) * cover) >> 8
            }
            x += 1
        }
    }

    /// Clamps row `y` to 8…247 per channel and packs it with its grain tag into `blocks`.
    private func pack(row y: Int) {
        let far = self.far, near = self.near, red = self.red, green = self.green, blue = self.blue
        let blocks = self.blocks, columns = self.columns
        var x = 0
        while x < columns {
            var r = red[x], g = green[x], b = blue[x]
            r = r < 8 ? 8 : (r > 247 ? 247 : r)
            g = g < 8 ? 8 : (g > 247 ? 247 : g)
            b = b < 8 ? 8 : (b > 247 ? 247 : b)
            let tag = y < far[x] ? Landscape.skyTag : (y < near[x] ? Landscape.mountainTag : Landscape.fieldTag)
            blocks[x] = tag | UInt32(truncatingIfNeeded: r << 16 | g << 8 | b)
            x += 1
        }
    }
}

/// 2-D fractal value noise on the block grid, one row at a time: octaves of 128 down to 8 blocks
/// (256 to 16 pixels) with halving amplitude, about -250…250 in total.
///
/// The four coarse octaves are summed at the 8-block lattice points and interpolated linearly (they
/// are smooth at that scale); the finest octave is interpolated with smoothstep. So a block costs two
/// interpolations whatever the number of octaves.
private final class Fractal {
    private static let shift = 3
    private static let cell = 1 << shift
    private let columns: Int
    private let latticeColumns: Int
    /// Coarse-octave sums and fine-octave values at the lattice points (lattice rows × columns).
    private let coarse: [Int32]
    private let fine: [Int32]
    /// Smoothstep weights 0…256 for each offset inside a cell.
    private let weights: UnsafeMutablePointer<Int32>
    /// The current row's values at the lattice columns.
    private let coarseRow: UnsafeMutablePointer<Int32>
    private let fineRow: UnsafeMutablePointer<Int32>

    init(columns: Int, rows: Int, seed: UInt32) {
        self.columns = columns
        let cell = Fractal.cell
        let latticeColumns = columns / cell + 2, latticeRows = rows / cell + 2
        self.latticeColumns = latticeColumns
        weights = .allocate(capacity: cell)
        for f in 0..<cell { weights[f] = Int32(PhotoImage.smoothstep(f * 256 / cell)) }
        coarseRow = .allocate(capacity: latticeColumns)
        fineRow = .allocate(capacity: latticeColumns)
        var coarse = [Int32](repeating: 0, count: latticeColumns * latticeRows)
        var fine = [Int32](repeating: 0, count: latticeColumns * latticeRows)
        var amplitude = 128
        for (octave, octaveShift) in stride(from: Fractal.shift + 4, through: Fractal.shift, by: -1).enumerated() {
            let octaveSeed = seed &+ UInt32(octave) &* 0x632B_E5AB
            let scale = octaveShift - Fractal.shift  // lattice points per octave cell, as a shift
            let octaveCell = 1 << scale
            for j in 0..<latticeRows {
                for i in 0..<latticeColumns {
                    if scale == 0 {
                        fine[j * latticeColumns + i] = Int32(PhotoImage.signedHash(i, j, octaveSeed) * amplitude / 256)
                        continue
                    }
                    // Smooth interpolation of the octave's own lattice at this lattice point.
                    let oi = i >> scale, oj = j >> scale
                    let sx = PhotoImage.smoothstep((i & (octaveCell - 1)) * 256 / octaveCell)
                    let sy = PhotoImage.smoothstep((j & (octaveCell - 1)) * 256 / octaveCell)
                    let top = PhotoImage.signedHash(oi, oj, octaveSeed) * (256 - sx)
                        + PhotoImage.signedHash(oi + 1, oj, octaveSeed) * sx
                    let bottom = PhotoImage.signedHash(oi, oj + 1, octaveSeed) * (256 - sx)
                        + PhotoImage.signedHash(oi + 1, oj + 1, octaveSeed) * sx
                    let value = (top * (256 - sy) + bottom * sy) >> 16
                    coarse[j * latticeColumns + i] += Int32(value * amplitude / 256)
                }
            }
            amplitude /= 2
        }
        self.coarse = coarse
        self.fine = fine
    }

    deinit {
        weights.deallocate()
        coarseRow.deallocate()
        fineRow.deallocate()
    }

    /// Writes row `y` into `out` (`columns` values).
    func fill(row y: Int, into out: UnsafeMutablePointer<Int32>) {
        let cell = Fractal.cell
        let columns = self.columns, latticeColumns = self.latticeColumns
        let weights = self.weights, coarseRow = self.coarseRow, fineRow = self.fineRow
        let f = y & (cell - 1)
        let linear = Int32(f * 256 / cell), smooth = weights[f], step = Int32(256 / cell)
        coarse.withUnsafeBufferPointer { coarse in
            fine.withUnsafeBufferPointer { fine in
                guard let coarse = coarse.baseAddress, let fine = fine.baseAddress else { return }
                let top = (y >> Fractal.shift) * latticeColumns
                var i = 0
                while i < latticeColumns {
                    let upper = top + i, lower = top + latticeColumns + i
                    coarseRow[i] = (coarse[upper] &* (256 &- linear) &+ coarse[lower] &* linear) >> 8
                    fineRow[i] = (fine[upper] &* (256 &- smooth) &+ fine[lower] &* smooth) >> 8
                    i += 1
                }
            }
        }
        var x = 0, i = 0
        while x < columns {
            let a = coarseRow[i], b = coarseRow[i + 1]
            let c = fineRow[i], d = fineRow[i + 1]
            let end = x + cell < columns ? x + cell : columns
            var offset: Int32 = 0
            var k = 0
            while x < end {
                let w = weights[k]
                out[x] = (a &* (256 &- offset) &+ b &* offset &+ c &* (256 &- w) &+ d &* w) >> 8
                offset &+= step
                x += 1
                k += 1
            }
            i += 1
        }
    }
}
