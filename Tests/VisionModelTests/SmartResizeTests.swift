import Imaging
import Testing
import VisionModel

/// Expected sizes come from qwen-vl-utils' Python smart_resize, run once with python3 3.11 as an independent oracle:
///
/// ```python
/// import math
/// def round_by_factor(n, f): return round(n / f) * f
/// def ceil_by_factor(n, f): return math.ceil(n / f) * f
/// def floor_by_factor(n, f): return math.floor(n / f) * f
/// def smart_resize(height, width, factor, min_pixels, max_pixels):
///     if max(height, width) / min(height, width) > 200: raise ValueError("ratio")
///     h_bar = max(factor, round_by_factor(height, factor))
///     w_bar = max(factor, round_by_factor(width, factor))
///     if h_bar * w_bar > max_pixels:
///         beta = math.sqrt((height * width) / max_pixels)
///         h_bar = floor_by_factor(height / beta, factor)
///         w_bar = floor_by_factor(width / beta, factor)
///     elif h_bar * w_bar < min_pixels:
///         beta = math.sqrt(min_pixels / (height * width))
///         h_bar = ceil_by_factor(height * beta, factor)
///         w_bar = ceil_by_factor(width * beta, factor)
///     return h_bar, w_bar
/// budgets = {"client": (32, 1024*32*32, 1280*32*32), "hf": (32, 65536, 16777216),
///            "ollama": (32, 65536, 2097152), "cap1280": (32, 65536, 1280*32*32), "qwen25": (28, 3136, 12845056)}
/// for name, (f, mn, mx) in budgets.items():
///     print(name, [(w, h) + tuple(reversed(smart_resize(h, w, f, mn, mx))) for (w, h) in sizes])
/// ```
@Suite("smart_resize")
struct SmartResizeTests {
    /// (screen width, height, sent width, height) under Deskpilot's default Qwen3-VL budget (factor 32,
    /// 1024…1280 tokens), from the Python above.
    static let clientBudget: [(Int, Int, Int, Int)] = [
        (800, 600, 1184, 896), (1366, 768, 1376, 768), (1920, 1080, 1504, 832), (2560, 1440, 1504, 832),
        (1280, 800, 1312, 832), (1440, 900, 1440, 896), (2880, 1800, 1440, 896), (640, 400, 1312, 832),
        (1040, 1040, 1024, 1024), (3840, 2160, 1504, 832), (1024, 768, 1184, 896), (10, 10, 1024, 1024),
        (32, 6400, 96, 14496),
    ]

    @Test("The default Qwen3-VL budget gives exactly what qwen-vl-utils' Python gives", arguments: clientBudget)
    func defaultBudget(screen: (Int, Int, Int, Int)) throws {
        let sent = try SmartResize.qwen3VL.imageSize(forScreen: Size(width: screen.0, height: screen.1))
        #expect(sent == Size(width: screen.2, height: screen.3))
    }

    @Test(
        "At the four reference screens the sent sides are multiples of 32 and the area is within the budget",
        arguments: [(800, 600), (1366, 768), (1920, 1080), (2560, 1440)]
    )
    func withinBudget(width: Int, height: Int) throws {
        let sent = try Profiles.qwen3VL.image.imageSize(forScreen: Size(width: width, height: height))
        #expect(sent.width % 32 == 0 && sent.height % 32 == 0)
        #expect(sent.area >= 1024 * 32 * 32 && sent.area <= 1280 * 32 * 32)
        // A custom budget is honoured too: the native-1080p window of 2040 tokens.
        let large = try SmartResize(factor: 32, minPixels: 1024 * 32 * 32, maxPixels: 2040 * 32 * 32).imageSize(forScreen: Size(width: width, height: height))
        #expect(large.width % 32 == 0 && large.height % 32 == 0 && large.area <= 2040 * 32 * 32 && large.area >= 1024 * 32 * 32)
    }

    @Test("Every row of the size table in docs/models.md comes out exactly")
    func specTable() throws {
        let hf = SmartResize(factor: 32, minPixels: 65_536, maxPixels: 16_777_216)
        let ollama = SmartResize(factor: 32, minPixels: 65_536, maxPixels: 2_097_152)
        let cap1280 = SmartResize(factor: 32, minPixels: 65_536, maxPixels: 1_310_720)
        let rows: [(screen: Size, hf: Size, ollama: Size, cap: Size)] = [
            (.init(width: 1920, height: 1080), .init(width: 1920, height: 1088), .init(width: 1920, height: 1088), .init(width: 1504, height: 832)),
            (.init(width: 1280, height: 800), .init(width: 1280, height: 800), .init(width: 1280, height: 800), .init(width: 1280, height: 800)),
            (.init(width: 1440, height: 900), .init(width: 1440, height: 896), .init(width: 1440, height: 896), .init(width: 1440, height: 896)),
            (.init(width: 2560, height: 1440), .init(width: 2560, height: 1440), .init(width: 1920, height: 1056), .init(width: 1504, height: 832)),
            (.init(width: 2880, height: 1800), .init(width: 2880, height: 1792), .init(width: 1824, height: 1120), .init(width: 1440, height: 896)),
        ]
        for row in rows {
            #expect(try hf.size(for: row.screen) == row.hf, "HF default at \(row.screen)")
            #expect(try ollama.size(for: row.screen) == row.ollama, "Ollama cap at \(row.screen)")
            #expect(try cap1280.size(for: row.screen) == row.cap, "1280-token cap at \(row.screen)")
        }
        // Tokens per image = (h/32)·(w/32): 1920×1088 is 2040 tokens.
        let native = try hf.size(for: Size(width: 1920, height: 1080))
        #expect(native.width / 32 * (native.height / 32) == 2040)
    }

    @Test("Halves round to even, as Python's round does: 1040 → 1024, not llama.cpp's 1056")
    func halfToEven() throws {
        let hf = SmartResize(factor: 32, minPixels: 65_536, maxPixels: 16_777_216)
        // 1040 / 32 = 32.5 → 32; 1104 / 32 = 34.5 → 34 (Python: round(32.5) == 32, round(34.5) == 34).
        #expect(try hf.size(for: Size(width: 1040, height: 1104)) == Size(width: 1024, height: 1088))
    }

    @Test("An aspect ratio over 200 is rejected; exactly 200 is accepted; an empty image is rejected")
    func rejected() throws {
        let resize = SmartResize.qwen3VL
        #expect(throws: ScreenshotError.aspectRatioTooLarge(Size(width: 201, height: 1), limit: 200)) {
            try resize.size(for: Size(width: 201, height: 1))
        }
        #expect(throws: ScreenshotError.aspectRatioTooLarge(Size(width: 10, height: 2010), limit: 200)) {
            try resize.size(for: Size(width: 10, height: 2010))
        }
        _ = try resize.size(for: Size(width: 200, height: 1))
        let error = #expect(throws: ScreenshotError.self) { try resize.size(for: Size(width: 0, height: 768)) }
        #expect(error == .emptyImage(Size(width: 0, height: 768)))
        #expect(error?.description.contains("no pixels") == true)
        let ratio = #expect(throws: ScreenshotError.self) { try resize.size(for: Size(width: 201, height: 1)) }
        #expect(ratio?.description.contains("200 times") == true)
    }

    /// Qwen2.5-VL (factor 28, 3136…12,845,056 pixels), from the same Python with `budgets["qwen25"]`.
    @Test(
        "Qwen2.5-VL resizes to multiples of 28 exactly as the Python does",
        arguments: [
            (800, 600, 812, 588), (1366, 768, 1372, 756), (1920, 1080, 1932, 1092), (2560, 1440, 2548, 1428),
            (1280, 800, 1288, 812), (3840, 2160, 3836, 2156), (10, 10, 56, 56),
        ]
    )
    func qwen25(screen: (Int, Int, Int, Int)) throws {
        let sent = try Profiles.qwen25VL.image.imageSize(forScreen: Size(width: screen.0, height: screen.1))
        #expect(sent == Size(width: screen.2, height: screen.3))
        #expect(sent.width % 28 == 0 && sent.height % 28 == 0)
    }
}
