namespace Alba.Coordination.Infrastructure;

/// <summary>
/// The one list of languages: the 183 ISO 639-1 two-letter codes (lower case, as the standard writes them),
/// optionally with an ISO 3166-1 region where a text is written for one country ("pt-BR").
/// </summary>
public static class Languages
{
    private static readonly HashSet<string> Codes = new(
        string.Join(' ', [
        "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy",
        "da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht",
        "hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky",
        "la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny",
        "oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss",
        "st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo",
        "za zh zu",
        ]).Split(' '),
        StringComparer.Ordinal);

    public static int Count => Codes.Count;

    public static bool IsIso639_1(string? code) => code is { Length: 2 } && Codes.Contains(code);

    /// <summary>A language, optionally with a region: "es", "ht", "pt-BR".</summary>
    public static bool IsTag(string? tag) => tag switch
    {
        { Length: 2 } => IsIso639_1(tag),
        { Length: 5 } when tag[2] == '-' => IsIso639_1(tag[..2]) && Countries.IsIsoAlpha2(tag[3..]),
        _ => false,
    };
}
