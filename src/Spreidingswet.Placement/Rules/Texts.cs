using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Rules;

/// <summary>
/// Every user-facing reason and explanation text, in English and Dutch, one method per message: the
/// method takes the values the message shows and the <see cref="Language"/>, and both wordings sit
/// side by side so that a change to one is seen next to the other. Callers decide what to say
/// (a reason code and its values); only this class decides how it reads. The texts are part of the
/// output (proposal.json, explain, audit) and are kept byte for byte.
/// </summary>
internal static partial class Texts
{
    /// <summary>A care level in words.</summary>
    public static string Care(CareLevel level, Language language) => (level, language) switch
    {
        (CareLevel.Standard, Language.Dutch) => "standaard",
        (CareLevel.Intensive, Language.Dutch) => "intensief",
        (CareLevel.Protected, Language.Dutch) => "beschermd",
        (CareLevel.Standard, _) => "standard",
        (CareLevel.Intensive, _) => "intensive",
        _ => "protected",
    };

    private static bool Nl(Language language) => language == Language.Dutch;
}
