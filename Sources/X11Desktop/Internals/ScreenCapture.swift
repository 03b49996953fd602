internal import CX11
import DesktopKit
import Glibc
import Imaging
import Dispatch

/// Reads screen pixels: through one MIT-SHM segment kept for the connection's life when the server offers
/// shared memory, otherwise with plain `XGetImage`.
final class ScreenCapture {
    /// The full-screen shared-memory image, nil when SHM is unavailable or disabled.
    private var sharedImage: UnsafeMutablePointer<XImage>?
    /// Xlib keeps a pointer to the segment info, so it lives on the heap until detached.
    private var segment: UnsafeMutablePointer<XShmSegmentInfo>?
    private let visual: UnsafeMutablePointer<Visual>
    private let depth: UInt32

    /// Whether captures go through shared memory.
    var usesSharedMemory: Bool { sharedImage != nil }

    init(on connection: XConnection, allowSharedMemory: Bool) throws(X11Error) {
        let display = connection.display
        visual = XDefaultVisual(display, connection.screen)
        depth = UInt32(XDefaultDepth(display, connection.screen))
        guard depth == 24 || depth == 32 else {
            throw .unsupportedVisual(depth: Int(depth), bitsPerPixel: 0)
        }
        if allowSharedMemory, XShmQueryExtension(display) != 0 {
            attachSharedMemory(on: connection)
        }
    }

    /// Creates the segment: XShmCreateImage, shmget, shmat, XShmAttach, XSync, then IPC_RMID at once so the
    /// segment cannot outlive the process. Leaves SHM off if any step fails (e.g. a remote server).
    private func attachSharedMemory(on connection: XConnection) {
        let display = connection.display
        let info = UnsafeMutablePointer<XShmSegmentInfo>.allocate(capacity: 1)
        info.initialize(to: XShmSegmentInfo())
        let size = connection.screenSize
        guard let image = XShmCreateImage(display, visual, depth, ZPixmap, nil, info, UInt32(size.width), UInt32(size.height)) else {
            info.deallocate()
            return
        }
        let bytes = Int(image.pointee.bytes_per_line) * Int(image.pointee.height)
        let id = shmget(IPC_PRIVATE, bytes, IPC_CREAT | 0o600)
        guard id >= 0, let address = shmat(id, nil, 0), address != UnsafeMutableRawPointer(bitPattern: -1) else {
            if id >= 0 { shmctl(id, IPC_RMID, nil) }
            image.pointee.data = nil
            CX11_DestroyImage(image)
            info.deallocate()
            return
        }
        info.pointee.shmid = id
        info.pointee.shmaddr = address.assumingMemoryBound(to: CChar.self)
        info.pointee.readOnly = 0
        image.pointee.data = info.pointee.shmaddr
        let attached = XShmAttach(display, info) != 0
        XSync(display, 0)
        shmctl(id, IPC_RMID, nil)
        if !attached || XErrorTrap.takeError(display) != nil {
            shmdt(address)
            image.pointee.data = nil
            CX11_DestroyImage(image)
            info.deallocate()
            return
        }
        sharedImage = image
        segment = info
    }

    /// Detaches and frees the segment. Called once, by the connection, before it closes the display.
    func release(on connection: XConnection) {
        guard let image = sharedImage, let info = segment else { return }
        if !XErrorTrap.isDead(connection.display) {
            XShmDetach(connection.display, info)
            XSync(connection.display, 0)
        }
        shmdt(info.pointee.shmaddr)
        image.pointee.data = nil
        CX11_DestroyImage(image)
        info.deallocate()
        sharedImage = nil
        segment = nil
    }

    /// Captures `region` of the screen as an opaque BGRA image.
    func capture(_ region: Rect, on connection: XConnection) throws(X11Error) -> Image {
        try connection.ensureAlive()
        let display = connection.display
        if let image = sharedImage, let info = segment {
            if region.x == 0, region.y == 0, region.width == connection.screenSize.width,
                region.height == connection.screenSize.height
            {
                guard XShmGetImage(display, connection.root, image, 0, 0, XAllPlanes()) != 0 else {
                    try connection.ensureAlive()
                    throw .captureFailed("XShmGetImage refused the full screen")
                }
                return try copyPixels(of: image, width: region.width, height: region.height)
            }
            // A region: a temporary image header over the same segment.
            guard let part = XShmCreateImage(display, visual, depth, ZPixmap, info.pointee.shmaddr, info, UInt32(region.width), UInt32(region.height)) else {
                throw .captureFailed("XShmCreateImage failed for \(region)")
            }
            defer {
                part.pointee.data = nil
                CX11_DestroyImage(part)
            }
            guard XShmGetImage(display, connection.root, part, Int32(region.x), Int32(region.y), XAllPlanes()) != 0 else {
                try connection.ensureAlive()
                throw .captureFailed("XShmGetImage refused region \(region)")
            }
            return try copyPixels(of: part, width: region.width, height: region.height)
        }
        guard let image = XGetImage(display, connection.root, Int32(region.x), Int32(region.y), UInt32(region.width), UInt32(region.height), XAllPlanes(), ZPixmap) else {
            try connection.ensureAlive()
            throw .captureFailed("XGetImage returned nothing for \(region)")
        }
        defer { CX11_DestroyImage(image) }
        return try copyPixels(of: image, width: region.width, height: region.height)
    }

    /// Copies an XImage in the usual little-endian 32-bit layout (B, G, R, pad) into a BGRA `Image`, setting
    /// alpha to 255 (the server leaves the pad byte undefined).
    private func copyPixels(of image: UnsafeMutablePointer<XImage>, width: Int, height: Int) throws(X11Error) -> Image {
        let ximage = image.pointee
        guard ximage.bits_per_pixel == 32, ximage.byte_order == LSBFirst, ximage.red_mask == 0xFF0000,
            ximage.green_mask == 0x00FF00, ximage.blue_mask == 0x0000FF, let data = ximage.data
        else {
            throw .unsupportedVisual(depth: Int(ximage.depth), bitsPerPixel: Int(ximage.bits_per_pixel))
        }
        let stride = Int(ximage.bytes_per_line)
        let source = UncheckedPointer(UnsafeRawPointer(data))
        let pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { buffer, count in
            let destination = UncheckedPointer(UnsafeRawPointer(buffer.baseAddress!))
            // Memory-bound: two bands on two threads copy a full frame faster than one.
            let bands = height * width >= 512 * 512 ? 2 : 1
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                let to = UnsafeMutableRawPointer(mutating: destination.pointer).assumingMemoryBound(to: UInt32.self)
                for row in (height * band / bands)..<(height * (band + 1) / bands) {
                    let from = (source.pointer + row * stride).assumingMemoryBound(to: UInt32.self)
                    let line = to + row * width
                    for column in 0..<width { line[column] = from[column] | 0xFF00_0000 }
                }
            }
            count = width * height * 4
        }
        return Image(width: width, height: height, format: .bgra, pixels: pixels)
    }
}

/// A raw pointer handed to the copy threads. Safe: each thread writes its own rows, and the call waits for
/// all of them before the memory is used or freed.
private struct UncheckedPointer: @unchecked Sendable {
    let pointer: UnsafeRawPointer
    init(_ pointer: UnsafeRawPointer) { self.pointer = pointer }
}
