using System.Globalization;
using QRCoder;
using SkiaSharp;

namespace Alba.Coordination.Delegates;

/// <summary>What a badge shows besides the credential's QR code.</summary>
public sealed record BadgeContent(string FullName, string Movement, string Country, string Role, string Assembly, string Place)
{
    public static BadgeContent For(DelegateView view, Privacy.PersonalRecord? person, Movements.MovementView? movement, AssemblyView? assembly) =>
        new(person?.FullName ?? "", movement?.Name ?? "", BadgePrinter.CountryLine(view.Country), view.Role,
            assembly?.Title ?? "", assembly is null ? "" : $"{assembly.City} · {assembly.OpensOn:d MMM yyyy}");
}

/// <summary>
/// Draws a printable badge (a portrait ID card, 640×1010 px, about 300 dpi) as a PNG: the
/// assembly, the person, movement and country, a large QR code of the credential code with the
/// code printed below it for typing, and a band coloured by role.
/// </summary>
public static class BadgePrinter
{
    public const int Width = 640;
    public const int Height = 1010;
    private const float Margin = 40;

    private static readonly SKTypeface Regular = Typeface(SKFontStyle.Normal);
    private static readonly SKTypeface Bold = Typeface(SKFontStyle.Bold);
    private static readonly SKTypeface Mono = SKFontManager.Default.MatchFamily("DejaVu Sans Mono") ?? Regular;

    public static byte[] Render(BadgeContent content, string credentialCode)
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        var band = RoleColour(content.Role);
        using var fill = new SKPaint { Color = band, IsAntialias = true };
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var light = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x44, 0x44, 0x44), IsAntialias = true };

        canvas.DrawRect(0, 0, Width, 150, fill);
        Centred(canvas, content.Assembly, 62, Bold, 34, light);
        Centred(canvas, content.Place, 115, Regular, 26, light);

        Centred(canvas, content.FullName, 225, Bold, 46, ink);
        Centred(canvas, content.Movement, 280, Regular, 26, grey);
        Centred(canvas, content.Country, 320, Regular, 26, grey);

        DrawQr(canvas, credentialCode, new SKRect((Width - 380) / 2f, 345, (Width + 380) / 2f, 725));
        Centred(canvas, Grouped(credentialCode), 770, Mono, 30, ink);

        canvas.DrawRect(0, Height - 180, Width, 180, fill);
        Centred(canvas, content.Role.ToUpperInvariant(), Height - 70, Bold, 72, light);

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>"AR · Argentina" where the name is known to this system's culture data, otherwise the code.</summary>
    public static string CountryLine(string code)
    {
        try
        {
            return $"{code} · {new RegionInfo(code).EnglishName}";
        }
        catch (ArgumentException)
        {
            return code;
        }
    }

    /// <summary>The code in groups of four, as people read it out; sign-in ignores the dashes.</summary>
    public static string Grouped(string code) => string.Join('-', code.Chunk(4).Select(c => new string(c)));

    private static void DrawQr(SKCanvas canvas, string text, SKRect area)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var size = modules.Count;
        // Whole pixels per module keep the edges sharp for scanners; the matrix already has its quiet zone.
        var module = MathF.Floor(Math.Min(area.Width, area.Height) / size);
        var left = area.MidX - module * size / 2;
        var top = area.MidY - module * size / 2;
        using var dark = new SKPaint { Color = SKColors.Black, IsAntialias = false };
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                if (modules[y][x]) canvas.DrawRect(left + x * module, top + y * module, module, module, dark);
    }

    /// <summary>Centres one line, shrinking the type until the line fits between the margins.</summary>
    private static void Centred(SKCanvas canvas, string text, float baseline, SKTypeface typeface, float size, SKPaint paint)
    {
        using var font = new SKFont(typeface, size);
        while (font.MeasureText(text) > Width - 2 * Margin && font.Size > 12) font.Size -= 1;
        canvas.DrawText(text, (Width - font.MeasureText(text)) / 2, baseline, font, paint);
    }

    private static SKColor RoleColour(string role) => role switch
    {
        DelegateRoles.Delegate => new SKColor(0xB7, 0x1C, 0x1C),
        "observer" => new SKColor(0x15, 0x65, 0xC0),
        "press" => new SKColor(0xE6, 0x51, 0x00),
        _ => new SKColor(0x2E, 0x7D, 0x32),
    };

    private static SKTypeface Typeface(SKFontStyle style) =>
        SKFontManager.Default.MatchFamily("DejaVu Sans", style)
        ?? SKFontManager.Default.MatchFamily("Liberation Sans", style)
        ?? SKTypeface.Default;
}
