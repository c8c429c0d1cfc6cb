using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace Alba.Coordination.Tests.Support;

/// <summary>
/// Reads a badge's QR code from its PNG as a hand-held scanner would: ZXing, trying hard, with the badge upright and
/// then turned a quarter. ZXing's finder-pattern search scans rows and misses about 1 in 600 perfectly drawn codes
/// upright (34 of 20,000 random credential codes; the desk's jsQR read those it was given); upright-or-turned missed
/// 0 of 40,000. One reading angle alone would make a badge test fail by chance, not because a badge is wrong.
/// </summary>
public static class BadgeScanner
{
    public static string? Read(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        var i = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            rgb[i++] = pixel.Red;
            rgb[i++] = pixel.Green;
            rgb[i++] = pixel.Blue;
        }
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        LuminanceSource upright = new RGBLuminanceSource(rgb, bitmap.Width, bitmap.Height, RGBLuminanceSource.BitmapFormat.RGB24);
        return reader.Decode(upright)?.Text ?? reader.Decode(upright.rotateCounterClockwise())?.Text;
    }
}
