using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Alba.Coordination.Delegates;

/// <summary>
/// Many badges in one PDF to print: A4 portrait, three by three ID cards (54 × 85 mm, the badge
/// image of <see cref="BadgePrinter"/> at its 300 dpi) with a thin cutting outline, in the order given.
/// </summary>
public static class BadgeSheet
{
    public const int PerRow = 3;
    public const int Rows = 3;
    public const int PerPage = PerRow * Rows;
    private static readonly XUnit BadgeWidth = XUnit.FromMillimeter(54);
    private static readonly XUnit BadgeHeight = XUnit.FromMillimeter(54.0 * BadgePrinter.Height / BadgePrinter.Width);
    private static readonly XUnit Gap = XUnit.FromMillimeter(6);

    public static int Pages(int badges) => (badges + PerPage - 1) / PerPage;

    public static byte[] Render(IReadOnlyList<byte[]> badgePngs, string title)
    {
        using var document = new PdfDocument();
        document.Info.Title = title;
        var left = (XUnit.FromMillimeter(210).Point - PerRow * BadgeWidth.Point - (PerRow - 1) * Gap.Point) / 2;
        var top = (XUnit.FromMillimeter(297).Point - Rows * BadgeHeight.Point - (Rows - 1) * Gap.Point) / 2;
        var outline = new XPen(XColor.FromArgb(0xBB, 0xBB, 0xBB), 0.5);
        foreach (var pageBadges in badgePngs.Chunk(PerPage))
        {
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(210);
            page.Height = XUnit.FromMillimeter(297);
            using var graphics = XGraphics.FromPdfPage(page);
            for (var i = 0; i < pageBadges.Length; i++)
            {
                var x = left + i % PerRow * (BadgeWidth.Point + Gap.Point);
                var y = top + i / PerRow * (BadgeHeight.Point + Gap.Point);
                using var stream = new MemoryStream(pageBadges[i]);
                using var image = XImage.FromStream(stream);
                graphics.DrawImage(image, x, y, BadgeWidth.Point, BadgeHeight.Point);
                graphics.DrawRectangle(outline, x, y, BadgeWidth.Point, BadgeHeight.Point);
            }
        }
        using var output = new MemoryStream();
        document.Save(output);
        return output.ToArray();
    }
}
