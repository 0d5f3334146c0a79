using OutreachBot.Flows.SignUp;

namespace OutreachBot.Flows.Tests;

/// <summary>VolunteerNumberTests: numbers derived from the contact id with a Luhn check digit.</summary>
public sealed class VolunteerNumberTests
{
    [Theory]
    [InlineData(0, "10009")]
    [InlineData(1, "10017")]
    [InlineData(7, "10074")]
    [InlineData(123456, "1244565")]
    public void DerivesDigitsOfThousandPlusIdAndLuhnCheckDigit(long id, string expected) =>
        Assert.Equal(expected, VolunteerNumber.For(id));

    [Fact]
    public void EveryNumberPassesItsOwnCheckAndIsUnique()
    {
        var numbers = Enumerable.Range(0, 5000).Select(i => VolunteerNumber.For(i)).ToList();
        Assert.All(numbers, n => Assert.True(VolunteerNumber.IsValid(n), n));
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    [Theory]
    [InlineData("10018")]   // wrong check digit
    [InlineData("10071")]   // single digit typo
    [InlineData("01017")]   // swapped neighbours of 10017
    [InlineData("")]
    [InlineData("abc")]
    public void DetectsTypos(string number) => Assert.False(VolunteerNumber.IsValid(number));

    [Fact]
    public void RejectsNegativeIds() => Assert.Throws<ArgumentOutOfRangeException>(() => VolunteerNumber.For(-1));
}
